package io.hutong.dbc.api;

import io.hutong.account.CurrentUser;
import io.hutong.account.UserApi;
import io.hutong.dbc.DbcVm;
import io.hutong.dbc.VmOperation;
import io.hutong.dbc.VmRequest;
import io.hutong.dbc.api.DbcRequests.ImageRequest;
import io.hutong.dbc.api.DbcRequests.NewAccount;
import io.hutong.dbc.api.DbcRequests.NewClient;
import io.hutong.dbc.api.DbcRequests.NewSnapshot;
import io.hutong.dbc.api.DbcViews.AccountView;
import io.hutong.dbc.api.DbcViews.ClientView;
import io.hutong.dbc.api.DbcViews.EventView;
import io.hutong.dbc.api.DbcViews.MachineView;
import io.hutong.dbc.api.DbcViews.TransferView;
import io.hutong.dbc.api.DbcViews.VmView;
import io.hutong.dbc.internal.DbcAccounts;
import io.hutong.dbc.internal.DbcStore;
import io.hutong.dbc.internal.DbcWire;
import io.hutong.dbc.internal.ImageTransfers;
import io.hutong.dbc.internal.MachineService;
import io.hutong.dbc.internal.VmService;
import io.hutong.web.ApiDates;
import io.hutong.web.ApiException;
import io.hutong.web.InfiniteResponse;
import io.hutong.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Hutong's own API for DBC GPU machines: a user's dbc_clients, accounts, machines and VMs. */
@RestController
@UserApi
@RequestMapping("/api/dbc")
@Tag(name = "DBC GPU machines", description = "Register a dbc_client and a DBC account, list machines, create and "
        + "operate VMs; Hutong follows each VM's status")
class DbcController {

    private final DbcAccounts accounts;
    private final DbcStore store;
    private final MachineService machines;
    private final VmService vms;
    private final ImageTransfers transfers;
    private final ApiDates dates;

    DbcController(DbcAccounts accounts, DbcStore store, MachineService machines, VmService vms,
            ImageTransfers transfers, ApiDates dates) {
        this.accounts = accounts;
        this.store = store;
        this.machines = machines;
        this.vms = vms;
        this.transfers = transfers;
        this.dates = dates;
    }

    @PostMapping("/clients")
    @Operation(summary = "Register a dbc_client of yours", description = "url: http://<dbc_client_ip>:<port>")
    InfiniteResponse<ClientView> registerClient(CurrentUser user, @Valid @RequestBody NewClient request) {
        return InfiniteResponse.ok(ClientView.of(accounts.registerClient(request.name(), request.url(), user.id(),
                "user"), dates));
    }

    @GetMapping("/clients")
    @Operation(summary = "Your dbc_clients and the node's")
    InfiniteResponse<List<ClientView>> clients(CurrentUser user) {
        return InfiniteResponse.ok(store.clients(user.id()).stream().map(c -> ClientView.of(c, dates)).toList());
    }

    @PostMapping("/clients/{clientId}/accounts")
    @Operation(summary = "Register a DBC account on a dbc_client", description = "One of sessionId + sessionIdSign, "
            + "wallet + seed (Hutong signs every request with sr25519), or multisig {wallets, threshold, seeds}. "
            + "Seeds and session signatures are stored encrypted and never shown again.")
    InfiniteResponse<AccountView> registerAccount(CurrentUser user, @PathVariable long clientId,
            @Valid @RequestBody NewAccount request) {
        var client = accounts.usableClient(user.id(), clientId);
        return InfiniteResponse.ok(AccountView.of(accounts.registerAccount(client, user.id(), Accounts.of(request)),
                dates));
    }

    @GetMapping("/accounts")
    @Operation(summary = "DBC accounts you can act as (without their secrets)")
    InfiniteResponse<List<AccountView>> accounts(CurrentUser user) {
        return InfiniteResponse.ok(store.accounts(user.id()).stream().map(a -> AccountView.of(a, dates)).toList());
    }

    @GetMapping("/machines")
    @Operation(summary = "Machines your dbc_clients know, with their configuration",
            description = "refresh=true reads every client again now; otherwise configurations younger than "
                    + "hutong.dbc.machine-ttl come from the cache.")
    InfiniteResponse<List<MachineView>> machines(CurrentUser user,
            @RequestParam(defaultValue = "false") boolean refresh) {
        return InfiniteResponse.ok(machines.machines(store.clients(user.id()), refresh).stream()
                .map(m -> MachineView.of(m, dates)).toList());
    }

    @GetMapping("/machines/{nodeId}/rent-orders")
    @Operation(summary = "The machine's rent orders, as its dbc_client reports them")
    InfiniteResponse<List<DbcWire.RentOrder>> rentOrders(CurrentUser user, @PathVariable String nodeId) {
        return InfiniteResponse.ok(vms.rentOrders(user.id(), nodeId));
    }

    @PostMapping("/machines/{nodeId}/images")
    @Operation(summary = "Download, upload or delete an image on a machine, or read a transfer's progress",
            description = "A download or upload the client accepts is followed by Hutong until it is done, stopped "
                    + "or failed (see GET /api/dbc/images/transfers); download_stop and upload_stop end it as stopped.")
    InfiniteResponse<JsonNode> image(CurrentUser user, @PathVariable String nodeId,
            @Valid @RequestBody ImageRequest request) {
        return InfiniteResponse.ok(transfers.image(user.id(), request.accountId(), nodeId, request.operation(),
                request.imageFilename(), request.imageServer(), request.localDir()));
    }

    @GetMapping("/images/transfers")
    @Operation(summary = "Your image downloads and uploads, newest first, with every status they took",
            description = "The whole list; with pageNum (from 1) or pageSize (at most 1000) a page: {total, pageCurrent, "
                    + "pageSize, pageTotal, list}.")
    InfiniteResponse<Object> transfers(CurrentUser user, @RequestParam(required = false) Integer pageNum,
            @RequestParam(required = false) Integer pageSize) {
        Paging page = Paging.of(pageNum, pageSize);
        List<DbcStore.TransferRow> rows = transfers.transfers(user.id(), page);
        Map<Long, List<DbcStore.TransferEvent>> events = transfers.events(rows).stream()
                .collect(Collectors.groupingBy(DbcStore.TransferEvent::transferId));
        return InfiniteResponse.ok(page.answer(rows.stream()
                .map(t -> TransferView.of(t, events.getOrDefault(t.id(), List.of()), dates)).toList(),
                transfers.countTransfers(user.id())));
    }

    @PostMapping("/vms")
    @Operation(summary = "Create a VM", description = "Checked before the dbc_client is called: qcow2 image on the "
            + "machine, ports in range and not used by your other VMs there, sizes > 0, os and bios values. "
            + "Hutong then follows the VM until it runs or fails.")
    InfiniteResponse<VmView> create(CurrentUser user, @RequestBody VmRequest request) {
        return InfiniteResponse.ok(VmView.of(vms.create(user.id(), request), true, null, dates));
    }

    @GetMapping("/vms")
    @Operation(summary = "Your VMs, newest first, with their login details")
    InfiniteResponse<List<VmView>> vms(CurrentUser user) {
        return InfiniteResponse.ok(vms.vms(user.id()).stream().map(v -> VmView.of(v, true, null, dates)).toList());
    }

    @GetMapping("/vms/{vmId}")
    @Operation(summary = "One of your VMs, its login details and every status it took")
    InfiniteResponse<VmView> vm(CurrentUser user, @PathVariable long vmId) {
        DbcVm vm = vms.vm(user.id(), vmId);
        List<EventView> history = vms.history(user.id(), vmId).stream()
                .map(e -> new EventView(e.status(), dates.format(e.at()), e.note())).toList();
        return InfiniteResponse.ok(VmView.of(vm, true, history, dates));
    }

    @PostMapping("/vms/{vmId}/{operation}")
    @Operation(summary = "start, shutdown, poweroff, restart, reset or delete a VM",
            description = "Hutong follows the VM until it reaches the operation's status.")
    InfiniteResponse<VmView> operate(CurrentUser user, @PathVariable long vmId, @PathVariable String operation) {
        VmOperation op = Arrays.stream(VmOperation.values()).filter(o -> o.code().equals(operation)).findFirst()
                .orElseThrow(() -> ApiException.invalid("operation",
                        "oneOf(start,shutdown,poweroff,restart,reset,delete)"));
        return InfiniteResponse.ok(VmView.of(vms.operate(user.id(), vmId, op), true, null, dates));
    }

    @GetMapping("/vms/{vmId}/logs")
    @Operation(summary = "The VM's log (at most 1024 bytes, as the client gives it)")
    InfiniteResponse<Map<String, String>> logs(CurrentUser user, @PathVariable long vmId,
            @RequestParam(defaultValue = "tail") String flag, @RequestParam(defaultValue = "100") int lines) {
        return InfiniteResponse.ok(Map.of("log", vms.logs(user.id(), vmId, flag, lines)));
    }

    @GetMapping("/vms/{vmId}/snapshots")
    @Operation(summary = "The VM's snapshots")
    InfiniteResponse<List<DbcWire.Snapshot>> snapshots(CurrentUser user, @PathVariable long vmId) {
        return InfiniteResponse.ok(vms.snapshots(user.id(), vmId));
    }

    @PostMapping("/vms/{vmId}/snapshots")
    @Operation(summary = "Take a snapshot of a powered-off VM", description = "Hutong follows the VM back to closed.")
    InfiniteResponse<Map<String, Object>> snapshot(CurrentUser user, @PathVariable long vmId,
            @RequestBody NewSnapshot request) {
        vms.createSnapshot(user.id(), vmId, request.snapshotName(), request.desc());
        return InfiniteResponse.ok();
    }

    @DeleteMapping("/vms/{vmId}/snapshots/{name}")
    @Operation(summary = "Delete a snapshot")
    InfiniteResponse<Map<String, Object>> deleteSnapshot(CurrentUser user, @PathVariable long vmId,
            @PathVariable String name) {
        vms.deleteSnapshot(user.id(), vmId, name);
        return InfiniteResponse.ok();
    }

    @GetMapping("/vms/{vmId}/disks")
    @Operation(summary = "The VM's disks")
    InfiniteResponse<List<DbcWire.Disk>> disks(CurrentUser user, @PathVariable long vmId) {
        return InfiniteResponse.ok(vms.disks(user.id(), vmId));
    }

    /** Request records to the service's own. */
    static final class Accounts {
        private Accounts() {
        }

        static DbcAccounts.NewAccount of(NewAccount request) {
            DbcAccounts.NewMultisig multisig = request.multisig() == null ? null
                    : new DbcAccounts.NewMultisig(request.multisig().wallets(), request.multisig().threshold(),
                            request.multisig().seeds());
            return new DbcAccounts.NewAccount(request.name(), request.sessionId(), request.sessionIdSign(),
                    request.wallet(), request.seed(), multisig);
        }
    }
}
