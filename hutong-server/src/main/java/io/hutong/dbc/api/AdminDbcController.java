package io.hutong.dbc.api;

import io.hutong.account.AdminApi;
import io.hutong.dbc.api.DbcRequests.NewAccount;
import io.hutong.dbc.api.DbcRequests.NewClient;
import io.hutong.dbc.api.DbcViews.AccountView;
import io.hutong.dbc.api.DbcViews.ClientView;
import io.hutong.dbc.api.DbcViews.VmView;
import io.hutong.dbc.internal.DbcAccounts;
import io.hutong.dbc.internal.DbcStore;
import io.hutong.dbc.internal.VmService;
import io.hutong.web.ApiDates;
import io.hutong.web.ApiException;
import io.hutong.web.InfiniteResponse;
import io.hutong.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admin API: the node's own dbc_clients and accounts (usable by every user), all VMs, the gateway's audit trail. */
@RestController
@AdminApi
@RequestMapping("/admin/dbc")
@Tag(name = "DBC GPU machines (admin)", description = "The node's dbc_clients and DBC accounts, VMs, gateway audit")
class AdminDbcController {

    private final DbcAccounts accounts;
    private final DbcStore store;
    private final VmService vms;
    private final ApiDates dates;

    AdminDbcController(DbcAccounts accounts, DbcStore store, VmService vms, ApiDates dates) {
        this.accounts = accounts;
        this.store = store;
        this.vms = vms;
        this.dates = dates;
    }

    @PostMapping("/clients")
    @Operation(summary = "Register a dbc_client for the whole node")
    InfiniteResponse<ClientView> registerClient(@Valid @RequestBody NewClient request) {
        return InfiniteResponse.ok(ClientView.of(accounts.registerClient(request.name(), request.url(), null, "admin"),
                dates));
    }

    @GetMapping("/clients")
    @Operation(summary = "Every dbc_client, the users' included")
    InfiniteResponse<List<ClientView>> clients() {
        return InfiniteResponse.ok(store.clients(null).stream().map(c -> ClientView.of(c, dates)).toList());
    }

    @DeleteMapping("/clients/{clientId}")
    @Operation(summary = "Remove a dbc_client and its accounts", description = "Refused while it has live VMs.")
    InfiniteResponse<Map<String, Object>> deleteClient(@PathVariable long clientId) {
        accounts.delete(store.client(clientId).orElseThrow(() -> ApiException.notFound("no dbc_client " + clientId)));
        return InfiniteResponse.ok();
    }

    @PostMapping("/clients/{clientId}/accounts")
    @Operation(summary = "Register a DBC account of the node on a dbc_client")
    InfiniteResponse<AccountView> registerAccount(@PathVariable long clientId, @Valid @RequestBody NewAccount request) {
        var client = store.client(clientId).orElseThrow(() -> ApiException.notFound("no dbc_client " + clientId));
        return InfiniteResponse.ok(AccountView.of(accounts.registerAccount(client, null,
                DbcController.Accounts.of(request)), dates));
    }

    @GetMapping("/accounts")
    @Operation(summary = "Every DBC account (without secrets)")
    InfiniteResponse<List<AccountView>> accounts() {
        return InfiniteResponse.ok(store.accounts(null).stream().map(a -> AccountView.of(a, dates)).toList());
    }

    @GetMapping("/vms")
    @Operation(summary = "Every VM, newest first (login details are for their owners only)", description = "The whole "
            + "list; with pageNum (from 1) or pageSize (at most 1000) a page: {total, pageCurrent, pageSize, pageTotal, "
            + "list}.")
    InfiniteResponse<Object> vms(@RequestParam(required = false) Integer pageNum,
            @RequestParam(required = false) Integer pageSize) {
        Paging page = Paging.of(pageNum, pageSize);
        return InfiniteResponse.ok(page.answer(store.vms(null, page).stream()
                .map(v -> VmView.of(vms.view(v), false, null, dates)).toList(), store.countVms(null)));
    }

    @GetMapping("/gateway-calls")
    @Operation(summary = "The gateway's audit trail, newest first")
    InfiniteResponse<List<DbcStore.GatewayCall>> gatewayCalls(@RequestParam(required = false) Long userId,
            @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw ApiException.invalid("limit", "range(1,1000)");
        }
        return InfiniteResponse.ok(store.gatewayCalls(userId, limit));
    }
}
