package io.hutong.dbc;

import java.util.List;

/** The GPU machines a user can reach through the dbc_clients registered for them or for the whole node. */
public interface DbcMachines {

    /** Every known machine, from the cache; configurations older than {@code hutong.dbc.machine-ttl} are read again. */
    List<DbcMachine> machines(long userId);

    /** Machines with at least {@code gpus} free GPUs, most free first: what the catalog offers. */
    List<DbcMachine> withFreeGpus(long userId, int gpus);
}
