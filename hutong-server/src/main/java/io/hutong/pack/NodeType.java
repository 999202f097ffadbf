package io.hutong.pack;

/** 节点类型: {@code nodeType.master} or {@code nodeType.worker}. */
public enum NodeType implements WireValue {
    MASTER("master"), WORKER("worker");

    private final String code;

    NodeType(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String wire() {
        return "nodeType." + code;
    }

    public static NodeType ofCode(String code) {
        return WireValue.parse(NodeType.class, "nodeType", code);
    }

    /** Accepts {@code nodeType.master}, the example's {@code packNodeType.master}, or {@code master}. */
    public static NodeType parse(String field, String text) {
        return WireValue.parse(NodeType.class, field, text, "nodeType", "packNodeType");
    }
}
