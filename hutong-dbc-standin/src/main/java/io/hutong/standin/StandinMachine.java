package io.hutong.standin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One GPU machine the stand-in serves, as a dbc_client would know it: its hardware, the qcow2
 * images on it, who rented it and until when.
 *
 * @param nodeId 64 hex characters
 * @param renters SS58 wallets that rented the machine (their signatures and session ids are accepted)
 * @param multisigRenters multisig sets that rented the machine
 * @param brokenImages images whose VMs end in {@code create error}, to exercise failures
 * @param rentEnd after this instant every signed call answers "machine has already expired"; null: never
 * @param unresponsive every call to the machine answers as the real client does after 30 s without the node
 */
public record StandinMachine(String nodeId, String name, int gpuCount, int cpuCores, int memGb, int diskGb,
        List<String> images, List<String> brokenImages, List<String> renters, List<Multisig> multisigRenters,
        Instant rentEnd, boolean unresponsive) {

    public StandinMachine {
        if (nodeId == null || !nodeId.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a node_id is 64 lower-case hex characters: " + nodeId);
        }
        images = List.copyOf(images);
        brokenImages = List.copyOf(brokenImages);
        renters = List.copyOf(renters);
        multisigRenters = List.copyOf(multisigRenters);
    }

    /** A multisig set: its wallets and how many of them must sign. */
    public record Multisig(List<String> wallets, int threshold) {
        public Multisig {
            wallets = List.copyOf(wallets);
        }
    }

    public static Builder builder(String nodeId) {
        return new Builder(nodeId.toLowerCase(Locale.ROOT));
    }

    public static final class Builder {
        private final String nodeId;
        private String name = "standin-gpu";
        private int gpuCount = 4;
        private int cpuCores = 32;
        private int memGb = 128;
        private int diskGb = 2000;
        private final List<String> images = new ArrayList<>();
        private final List<String> brokenImages = new ArrayList<>();
        private final List<String> renters = new ArrayList<>();
        private final List<Multisig> multisig = new ArrayList<>();
        private Instant rentEnd;
        private boolean unresponsive;

        private Builder(String nodeId) {
            this.nodeId = nodeId;
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder gpus(int value) {
            gpuCount = value;
            return this;
        }

        public Builder cpuCores(int value) {
            cpuCores = value;
            return this;
        }

        public Builder memGb(int value) {
            memGb = value;
            return this;
        }

        public Builder diskGb(int value) {
            diskGb = value;
            return this;
        }

        public Builder image(String value) {
            images.add(value);
            return this;
        }

        /** An image on the machine whose VMs fail to create. */
        public Builder brokenImage(String value) {
            images.add(value);
            brokenImages.add(value);
            return this;
        }

        public Builder renter(String wallet) {
            renters.add(wallet);
            return this;
        }

        public Builder multisigRenter(List<String> wallets, int threshold) {
            multisig.add(new Multisig(wallets, threshold));
            return this;
        }

        public Builder rentEnd(Instant value) {
            rentEnd = value;
            return this;
        }

        public Builder unresponsive(boolean value) {
            unresponsive = value;
            return this;
        }

        public StandinMachine build() {
            return new StandinMachine(nodeId, name, gpuCount, cpuCores, memGb, diskGb, images, brokenImages, renters,
                    multisig, rentEnd, unresponsive);
        }
    }
}
