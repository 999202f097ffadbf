package io.hutong.dbc;

import io.hutong.dbc.internal.DbcStore;
import io.hutong.dbc.internal.VmService;
import io.hutong.web.Paging;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * DBC machines and VMs as a person looks at them (the console): a user's, or for an admin every
 * one, as the user and admin APIs list them.
 */
@Service
public class DbcOverview {

    private final DbcStore store;
    private final VmService vms;
    private final DbcMachines machines;

    DbcOverview(DbcStore store, VmService vms, DbcMachines machines) {
        this.store = store;
        this.vms = vms;
        this.machines = machines;
    }

    /** One page of VMs, newest first, and how many there are in all. */
    public record VmPage(List<DbcVm> vms, long total) {
    }

    /** @param userId whose VMs; null for every user's */
    public VmPage vms(Long userId, int pageNum, int pageSize) {
        return new VmPage(store.vms(userId, Paging.of(pageNum, pageSize)).stream().map(vms::view).toList(),
                store.countVms(userId));
    }

    /** @param userId the machines this user's and the node's clients know; null for every client's */
    public List<DbcMachine> machines(Long userId) {
        return userId == null ? machines.allMachines() : machines.machines(userId);
    }
}
