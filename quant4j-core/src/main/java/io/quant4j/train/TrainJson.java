package io.quant4j.train;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** JSON of training records (checkpoint state, summaries). NaN is written as null. */
final class TrainJson {
    private TrainJson() {}

    static String pretty(JsonElement e) {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(e) + "\n";
    }

    static JsonElement num(double v) {
        return Double.isFinite(v) ? new JsonPrimitive(v) : JsonNull.INSTANCE;
    }

    static double num(JsonElement e) {
        return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }

    static JsonElement value(Object v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        }
        if (v instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        if (v instanceof Double d) {
            return num(d);
        }
        if (v instanceof Number n) {
            return new JsonPrimitive(n);
        }
        if (v instanceof List<?> list) {
            JsonArray a = new JsonArray();
            list.forEach(x -> a.add(value(x)));
            return a;
        }
        if (v instanceof Map<?, ?> map) {
            JsonObject o = new JsonObject();
            map.forEach((k, x) -> o.add(String.valueOf(k), value(x)));
            return o;
        }
        return new JsonPrimitive(String.valueOf(v));
    }

    static JsonObject params(TrainingParams p) {
        return (JsonObject) value(p.toMap());
    }

    static JsonObject eval(EvalResult r) {
        JsonObject o = new JsonObject();
        o.addProperty("examples", r.examples());
        o.add("top1", num(r.top1()));
        o.add("top5", num(r.top5()));
        o.add("loss", num(r.loss()));
        o.add("seconds", num(r.seconds()));
        o.add("images_per_second", num(r.imagesPerSecond()));
        return o;
    }

    static EvalResult eval(JsonObject o) {
        return new EvalResult(o.get("examples").getAsLong(), num(o.get("top1")), num(o.get("top5")), num(o.get("loss")),
                num(o.get("seconds")), num(o.get("images_per_second")));
    }

    static JsonObject epoch(EpochMetrics m) {
        JsonObject o = new JsonObject();
        o.addProperty("epoch", m.epoch());
        o.addProperty("global_step", m.globalStep());
        o.add("train_loss", num(m.trainLoss()));
        o.add("train_top1", num(m.trainTop1()));
        o.add("last_lr", num(m.lastLr()));
        o.add("train_seconds", num(m.trainSeconds()));
        o.add("images_per_second", num(m.imagesPerSecond()));
        o.add("validation", m.validation() == null ? JsonNull.INSTANCE : eval(m.validation()));
        o.addProperty("best", m.best());
        return o;
    }

    static EpochMetrics epoch(JsonObject o) {
        JsonElement v = o.get("validation");
        return new EpochMetrics(o.get("epoch").getAsInt(), o.get("global_step").getAsLong(), num(o.get("train_loss")),
                num(o.get("train_top1")), num(o.get("last_lr")), num(o.get("train_seconds")), num(o.get("images_per_second")),
                v == null || v.isJsonNull() ? null : eval(v.getAsJsonObject()), o.get("best").getAsBoolean());
    }

    static JsonArray history(List<EpochMetrics> h) {
        JsonArray a = new JsonArray();
        h.forEach(m -> a.add(epoch(m)));
        return a;
    }

    static List<EpochMetrics> history(JsonArray a) {
        List<EpochMetrics> out = new ArrayList<>();
        a.forEach(e -> out.add(epoch(e.getAsJsonObject())));
        return out;
    }
}
