package io.hutong.dbc;

import java.time.Instant;
import java.util.List;

/**
 * A GPU machine known to a registered dbc_client, with its configuration as last read.
 *
 * @param clientId the dbc_client that knows the machine
 * @param ownerUserId the user who registered that client; null for the node's clients, usable by every user
 * @param nodeId 64 hex characters, DBC's machine id
 * @param memGb memory in GB; {@code diskGb} the data disk in GB
 * @param images qcow2 images on the machine, usable as {@link VmRequest#imageName()}
 * @param refreshedAt when the configuration was read from the dbc_client
 */
public record DbcMachine(long clientId, String clientName, Long ownerUserId, String nodeId, String name, String version, int gpuCount,
        int gpuUsed, int cpuCores, String cpuType, int memGb, int diskGb, String os, List<String> images,
        Instant refreshedAt) {

    public int freeGpus() {
        return Math.max(0, gpuCount - gpuUsed);
    }
}
