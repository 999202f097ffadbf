package io.hutong.dbc.api;

import io.hutong.account.CurrentUser;
import io.hutong.account.UserApi;
import io.hutong.dbc.internal.DbcGateway;
import io.hutong.dbc.internal.DbcProperties;
import io.hutong.web.DbcApi;
import io.hutong.web.DbcResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dbc_client API served by Hutong at {@code <hutong.dbc.gateway-prefix>/api/v1/…} (default
 * {@code /dbc/api/v1}): the real paths and those of the seed document, answered in dbc_client's
 * {@code {errcode, message}} shape, behind a Hutong token.
 */
@RestController
@UserApi
@DbcApi
@RequestMapping("${hutong.dbc.gateway-prefix:/dbc}/api/v1")
@Tag(name = "dbc_client gateway", description = "dbc_client's own API, routed by peer_nodes_list[0] to the "
        + "registered dbc_client that knows the machine, with the account's authentication added")
class DbcGatewayController {

    private final DbcGateway gateway;
    private final String base;

    DbcGatewayController(DbcGateway gateway, DbcProperties properties) {
        this.gateway = gateway;
        this.base = properties.gatewayPrefix() + "/api/v1";
    }

    @GetMapping({"", "/"})
    @Operation(summary = "The gateway's version, as GET /api/v1/ of dbc_client")
    DbcResponse version() {
        return new DbcResponse(0, Map.of("client_version", "hutong-dbc-gateway"));
    }

    @RequestMapping("/**")
    @Operation(summary = "Any dbc_client call (POST only)", description = "Headers dbc-client and dbc-account "
            + "choose a client and an account; by default the first client that knows the machine and your own "
            + "account on it before the node's. A body with its own session_id, wallet or multisig_accounts is "
            + "relayed with them.")
    ResponseEntity<?> relay(CurrentUser user, HttpServletRequest request,
            @RequestBody(required = false) byte[] body,
            @Parameter(description = "id of the dbc_client to use") @RequestHeader(name = "dbc-client", required = false)
            Long clientId,
            @Parameter(description = "id of the DBC account to act as") @RequestHeader(name = "dbc-account",
                    required = false) Long accountId) {
        if (!request.getMethod().equals("POST")) {
            return ResponseEntity.badRequest().body(new DbcResponse(-32600, "only POST is supported, not "
                    + request.getMethod()));
        }
        String path = request.getRequestURI().substring(request.getContextPath().length() + base.length());
        DbcGateway.Answer answer = gateway.relay(user, path, request.getQueryString(), body, clientId, accountId);
        return ResponseEntity.status(answer.status()).contentType(MediaType.APPLICATION_JSON).body(answer.body());
    }
}
