package io.hutong.dbc;

import java.util.List;

/** The GPU machines a user can reach through the dbc_clients registered for them or for the whole node. */
public interface DbcMachines {

    /** Every known machine, from the cache; configurations older than {@code hutong.dbc.machine-ttl} are read again. */
    List<DbcMachine> machines(long userId);

    /** Machines with at least {@code gpus} free GPUs, most free first: what the catalog offers. */
    List<DbcMachine> withFreeGpus(long userId, int gpus);

    /**
     * Every machine of every registered client, the node's and users' own ({@link DbcMachine#ownerUserId}
     * says whose), configurations older than the TTL read again: for a catalog refreshed in the background.
     */
    List<DbcMachine> allMachines();
}
