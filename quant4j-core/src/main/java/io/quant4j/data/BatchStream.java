package io.quant4j.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The batches of one epoch, in order, prepared ahead by a daemon worker thread (when the
 * loader's {@code prefetch > 0}). Use it in try-with-resources: {@link #close()} stops and joins
 * the worker even when the loop ends early. An error in the worker is rethrown by {@link #next()}.
 */
public final class BatchStream implements Iterator<Batch>, Iterable<Batch>, AutoCloseable {
    private static final Object END = new Object();

    private record Failure(Throwable error) {}

    private final DataLoader loader;
    private final int epoch;
    private final int[] order;
    private final int total;
    private final BlockingQueue<Object> queue;
    private final Thread worker;
    private volatile boolean closed;
    private Object pending;
    private int produced;
    private boolean finished;

    BatchStream(DataLoader loader, int epoch, int[] order) {
        this.loader = loader;
        this.epoch = epoch;
        this.order = order;
        this.total = loader.numBatches();
        int prefetch = loader.options().prefetch();
        if (prefetch == 0) {
            queue = null;
            worker = null;
            return;
        }
        queue = new ArrayBlockingQueue<>(prefetch + 1);
        worker = new Thread(this::produce, "quant4j-loader-" + loader.dataset().name() + "-epoch" + epoch);
        worker.setDaemon(true);
        worker.start();
    }

    private void produce() {
        try {
            for (int b = 0; b < total && !closed; b++) {
                queue.put(loader.makeBatch(epoch, b, order));
            }
            if (!closed) {
                queue.put(END);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            if (!closed) {
                queue.offer(new Failure(t));
            }
        }
    }

    /** The epoch of these batches. */
    public int epoch() {
        return epoch;
    }

    /** Number of batches this epoch yields in all. */
    public int size() {
        return total;
    }

    /** The prefetch worker thread, or null without prefetch (for tests and diagnostics). */
    public Thread worker() {
        return worker;
    }

    @Override
    public boolean hasNext() {
        if (closed || finished) {
            return false;
        }
        if (pending == null) {
            pending = take();
        }
        if (pending == END) {
            finished = true;
            return false;
        }
        return true;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " of " + loader.dataset().name() + " has no more batches");
        }
        Object item = pending;
        pending = null;
        if (item instanceof Failure f) {
            finished = true;
            close();
            Throwable t = f.error();
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("data loader worker failed: " + t, t);
        }
        return (Batch) item;
    }

    private Object take() {
        if (queue == null) {
            if (produced >= total) {
                return END;
            }
            try {
                return loader.makeBatch(epoch, produced++, order);
            } catch (RuntimeException e) {
                return new Failure(e);
            }
        }
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for batch data of epoch " + epoch, e);
        }
    }

    @Override
    public Iterator<Batch> iterator() {
        return this;
    }

    /** Stops the worker (if still running) and waits for it to end. */
    @Override
    public void close() {
        closed = true;
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            queue.clear();
        }
        pending = null;
    }
}
