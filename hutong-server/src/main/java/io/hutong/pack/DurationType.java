package io.hutong.pack;

/** 资源类型: {@code type.timing} (a number of seconds) or {@code type.activity} (unlimited during a period). */
public enum DurationType implements WireValue {
    TIMING("timing"), ACTIVITY("activity");

    private final String code;

    DurationType(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String wire() {
        return "type." + code;
    }

    public static DurationType ofCode(String code) {
        return WireValue.parse(DurationType.class, "packDurationType", code);
    }

    /** Accepts {@code type.timing}, the example's {@code packDurationType.timing}, or {@code timing}. */
    public static DurationType parse(String field, String text) {
        return WireValue.parse(DurationType.class, field, text, "type", "packDurationType");
    }
}
