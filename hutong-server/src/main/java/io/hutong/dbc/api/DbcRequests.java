package io.hutong.dbc.api;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Request bodies of the DBC APIs. */
final class DbcRequests {

    private DbcRequests() {
    }

    record NewClient(
            @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_.-]+") String name,
            @NotBlank @Schema(example = "http://127.0.0.1:5002") String url) {
    }

    /** One of sessionId + sessionIdSign (wallet optional, to check the signature), wallet + seed, or multisig. */
    record NewAccount(
            @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_.-]+") String name,
            String sessionId,
            @Schema(description = "sr25519 signature of sessionId by the renter, 128 hex characters") String sessionIdSign,
            @Schema(description = "SS58 address", example = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY") String wallet,
            @Schema(description = "the wallet's secret seed, 0x and 64 hex characters; stored encrypted") String seed,
            NewMultisig multisig) {

        @Override
        public String toString() {
            return "NewAccount[" + name + ", " + wallet + ", secrets hidden]";
        }
    }

    record NewMultisig(List<String> wallets, Integer threshold, List<String> seeds) {
        @Override
        public String toString() {
            return "NewMultisig[" + wallets + ", " + threshold + ", seeds hidden]";
        }
    }

    record NewSnapshot(String snapshotName, String desc) {
    }

    /** download, downloadprogress, download_stop, upload, uploadprogress, upload_stop or delete. */
    record ImageRequest(Long accountId, @NotBlank String operation, @NotBlank String imageFilename,
            String imageServer, String localDir) {
    }
}
