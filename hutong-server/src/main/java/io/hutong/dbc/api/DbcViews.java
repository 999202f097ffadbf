package io.hutong.dbc.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hutong.dbc.DbcMachine;
import io.hutong.dbc.DbcVm;
import io.hutong.dbc.internal.DbcStore;
import io.hutong.web.ApiDates;
import java.util.List;

/** What the DBC APIs print; ids as strings, dates as {@code yyyy-MM-dd HH:mm:ss} in the node's zone. */
final class DbcViews {

    private DbcViews() {
    }

    record ClientView(String id, String name, String url, boolean shared, String source, String createdAt) {
        static ClientView of(DbcStore.ClientRow client, ApiDates dates) {
            return new ClientView(Long.toString(client.id()), client.name(), client.url(), client.shared(),
                    client.source(), dates.format(client.createdAt()));
        }
    }

    /** An account without its secrets: they never leave the node. */
    record AccountView(String id, String clientId, String name, String authType, String wallet, boolean shared,
            String createdAt) {
        static AccountView of(DbcStore.AccountRow account, ApiDates dates) {
            return new AccountView(Long.toString(account.id()), Long.toString(account.clientId()), account.name(),
                    account.authType(), account.wallet(), account.shared(), dates.format(account.createdAt()));
        }
    }

    record MachineView(String clientId, String clientName, String nodeId, String name, String version, int gpuCount,
            int gpuUsed, int gpuFree, int cpuCores, String cpuType, int memGb, int diskGb, String os,
            List<String> images, String refreshedAt) {
        static MachineView of(DbcMachine m, ApiDates dates) {
            return new MachineView(Long.toString(m.clientId()), m.clientName(), m.nodeId(), m.name(), m.version(),
                    m.gpuCount(), m.gpuUsed(), m.freeGpus(), m.cpuCores(), m.cpuType(), m.memGb(), m.diskGb(), m.os(),
                    m.images(), dates.format(m.refreshedAt()));
        }
    }

    record EventView(String status, String at, String note) {
    }

    record TransferEventView(String status, int progress, String at) {
    }

    /** An image download or upload Hutong follows ({@code nextPollAt} only while it does), with every status it took. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TransferView(String id, String clientId, String accountId, String nodeId, String imageFilename,
            String direction, String imageServer, String status, int progress, String lastError, String nextPollAt,
            String createdAt, String updatedAt, List<TransferEventView> history) {

        /** {@code events}: the transfer's own, oldest first. */
        static TransferView of(DbcStore.TransferRow t, List<DbcStore.TransferEvent> events, ApiDates dates) {
            return new TransferView(Long.toString(t.id()), Long.toString(t.clientId()), Long.toString(t.accountId()),
                    t.nodeId(), t.imageFilename(), t.direction(), t.imageServer(), t.status(), t.progress(),
                    t.lastError(), dates.format(t.nextPollAt()), dates.format(t.createdAt()),
                    dates.format(t.updatedAt()), events.stream()
                            .map(e -> new TransferEventView(e.status(), e.progress(), dates.format(e.at()))).toList());
        }
    }

    /** A VM; {@code login} only in answers to its owner, {@code history} only in the detail. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VmView(String id, String userId, String clientId, String accountId, String nodeId, String taskId,
            String desc, String operationSystem, String imageName, Integer sshPort, Integer rdpPort, int vncPort,
            int gpuCount, int cpuCores, int memGb, int diskGb, String rentOrder, String status, String statusAt,
            String following, String nextPollAt, String createdAt, DbcVm.VmLogin login, List<EventView> history) {

        static VmView of(DbcVm vm, boolean withLogin, List<EventView> history, ApiDates dates) {
            return new VmView(Long.toString(vm.id()), Long.toString(vm.userId()), Long.toString(vm.clientId()),
                    Long.toString(vm.accountId()), vm.nodeId(), vm.taskId(), vm.desc(), vm.operationSystem(),
                    vm.imageName(), vm.sshPort(), vm.rdpPort(), vm.vncPort(), vm.gpuCount(), vm.cpuCores(),
                    vm.memGb(), vm.diskGb(), vm.rentOrder(), vm.status(), dates.format(vm.statusAt()), vm.operation(),
                    dates.format(vm.nextPollAt()), dates.format(vm.createdAt()), withLogin ? vm.login() : null,
                    history);
        }
    }
}
