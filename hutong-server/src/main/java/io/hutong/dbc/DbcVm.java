package io.hutong.dbc;

import java.time.Instant;

/**
 * A VM Hutong created or learnt of, as recorded.
 *
 * @param status dbc_client's status ({@code creating}, {@code running}, {@code closed}, …) or
 *     {@code deleted} once the node no longer knows the task
 * @param operation what Hutong is following now ({@code create}, {@code start}, …); null when idle
 * @param login the login details; only ever shown to the VM's owner; null until the node reports them
 */
public record DbcVm(long id, long userId, long clientId, long accountId, String nodeId, String taskId, String desc,
        String operationSystem, String imageName, Integer sshPort, Integer rdpPort, int vncPort, int gpuCount,
        int cpuCores, int memGb, int diskGb, String rentOrder, String status, Instant statusAt, String operation,
        Instant nextPollAt, Instant createdAt, VmLogin login) {

    /** How to log into the VM. */
    public record VmLogin(String sshIp, Integer sshPort, Integer rdpPort, Integer vncPort, String userName,
            String password, String vncPassword) {

        @Override
        public String toString() {
            return "VmLogin[" + sshIp + ", user " + userName + ", password hidden]";
        }
    }
}
