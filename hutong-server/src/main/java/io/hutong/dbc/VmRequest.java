package io.hutong.dbc;

import java.util.List;

/**
 * A VM to create on a DBC machine. Hutong checks it against the machine before calling the
 * dbc_client (image present, ports free for the user, sizes positive, known os and bios values).
 *
 * @param accountId the DBC account to act as; null: the user's own account on a client that knows
 *     the machine, else the node's
 * @param operationSystem {@code linux} (default) or {@code windows}
 * @param biosMode {@code legacy} (default), {@code uefi} or {@code pxe}
 * @param sshPort required for linux; {@code rdpPort} for windows; {@code vncPort} 5900–65535
 * @param customPorts like {@code tcp,8080:80}
 * @param rentOrder the on-chain rent order id, passed through (machines rented per GPU need it)
 */
public record VmRequest(Long accountId, String nodeId, String imageName, String operationSystem, String biosMode,
        Integer sshPort, Integer rdpPort, Integer vncPort, Integer gpuCount, Integer cpuCores, Integer memGb,
        Integer diskGb, String desc, String rentOrder, List<String> customPorts) {
}
