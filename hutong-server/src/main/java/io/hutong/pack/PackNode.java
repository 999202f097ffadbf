package io.hutong.pack;

/** One node (or {@code nodeCount} identical nodes) of a pack. */
public record PackNode(long nodeId, String nodeName, NodeType nodeType, int cpuCount, int gpuCount, long memorySize,
        int nodeCount) {
}
