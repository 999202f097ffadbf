package io.hutong.pack;

/** 资源状态: {@code status.free}, {@code status.training}, {@code status.outOfTime}. */
public enum PackStatus implements WireValue {
    FREE("free"), TRAINING("training"), OUT_OF_TIME("outOfTime");

    private final String code;

    PackStatus(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String wire() {
        return "status." + code;
    }

    public static PackStatus ofCode(String code) {
        return WireValue.parse(PackStatus.class, "userPackStatus", code);
    }

    /** Accepts {@code status.free}, the example's {@code userPackStatus.free}, or {@code free}. */
    public static PackStatus parse(String field, String text) {
        return WireValue.parse(PackStatus.class, field, text, "status", "userPackStatus");
    }
}
