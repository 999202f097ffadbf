package io.hutong.account.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hutong.account.AdminApi;
import io.hutong.account.CurrentUser;
import io.hutong.account.internal.AccountStore;
import io.hutong.account.internal.AccountStore.TokenRecord;
import io.hutong.account.internal.TokenService;
import io.hutong.web.ApiDates;
import io.hutong.web.ApiException;
import io.hutong.web.InfiniteResponse;
import io.hutong.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@AdminApi
@RequestMapping("/admin")
@Tag(name = "Users and tokens", description = "Admin API: users of this node and their API tokens")
class AdminAccountController {

    private final AccountStore accounts;
    private final TokenService tokens;
    private final ApiDates dates;

    AdminAccountController(AccountStore accounts, TokenService tokens, ApiDates dates) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.dates = dates;
    }

    @PostMapping("/users")
    @Operation(summary = "Create a user")
    InfiniteResponse<UserView> createUser(@Valid @RequestBody NewUser request) {
        try {
            String display = request.displayName() == null || request.displayName().isBlank()
                    ? request.name() : request.displayName();
            return InfiniteResponse.ok(UserView.of(accounts.createUser(request.name(), display)));
        } catch (DuplicateKeyException e) {
            throw ApiException.invalid("name", "unique");
        }
    }

    @GetMapping("/users")
    @Operation(summary = "List users", description = "The whole list; with pageNum (from 1) or pageSize (at most 1000) "
            + "a page: {total, pageCurrent, pageSize, pageTotal, list}.")
    InfiniteResponse<Object> users(@RequestParam(required = false) Integer pageNum,
            @RequestParam(required = false) Integer pageSize) {
        Paging page = Paging.of(pageNum, pageSize);
        return InfiniteResponse.ok(page.answer(accounts.users(page).stream().map(UserView::of).toList(),
                accounts.countUsers()));
    }

    @GetMapping("/users/{userId}")
    @Operation(summary = "One user")
    InfiniteResponse<UserView> user(@PathVariable long userId) {
        return InfiniteResponse.ok(UserView.of(existing(userId)));
    }

    @PostMapping("/users/{userId}/tokens")
    @Operation(summary = "Issue a token for a user", description = "The token value is returned only here.")
    InfiniteResponse<TokenView> issue(@PathVariable long userId, @Valid @RequestBody(required = false) NewToken request) {
        existing(userId);
        NewToken body = request == null ? new NewToken(null, null) : request;
        var issued = tokens.issue(userId, body.label(), dates.parse("expiresAt", body.expiresAt()));
        return InfiniteResponse.ok(TokenView.of(issued.record(), issued.value(), dates));
    }

    @GetMapping("/users/{userId}/tokens")
    @Operation(summary = "List a user's tokens (without their values)")
    InfiniteResponse<List<TokenView>> tokens(@PathVariable long userId) {
        existing(userId);
        return InfiniteResponse.ok(accounts.tokensOf(userId).stream().map(t -> TokenView.of(t, null, dates)).toList());
    }

    @DeleteMapping("/tokens/{tokenId}")
    @Operation(summary = "Revoke a token", description = "Takes effect at once.")
    InfiniteResponse<Map<String, Object>> revoke(@PathVariable long tokenId) {
        tokens.revoke(tokenId);
        return InfiniteResponse.ok();
    }

    private CurrentUser existing(long userId) {
        return accounts.findById(userId).orElseThrow(() -> ApiException.notFound("no user " + userId));
    }

    record NewUser(
            @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_.@-]+") String name,
            @Size(max = 255) String displayName) {
    }

    /** @param expiresAt {@code yyyy-MM-dd HH:mm:ss} in the node's time zone; no expiry when absent */
    record NewToken(@Size(max = 255) String label, String expiresAt) {
    }

    record UserView(String id, String name, String displayName, boolean admin) {
        static UserView of(CurrentUser user) {
            return new UserView(Long.toString(user.id()), user.name(), user.displayName(), user.admin());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TokenView(String id, String userId, String token, String hint, String label, String createdAt,
            String expiresAt, String revokedAt) {
        static TokenView of(TokenRecord record, String value, ApiDates dates) {
            return new TokenView(Long.toString(record.id()), Long.toString(record.userId()), value, record.hint(),
                    record.label(), dates.format(record.createdAt()), dates.format(record.expiresAt()),
                    dates.format(record.revokedAt()));
        }
    }
}
