package io.hutong.dbc;

import java.util.List;

/** VMs on DBC machines, created and followed for users. Every method checks that the VM is the user's. */
public interface DbcVms {

    /** Checks the request, asks the dbc_client to create the VM and follows it until running or failed. */
    DbcVm create(long userId, VmRequest request);

    DbcVm vm(long userId, long vmId);

    List<DbcVm> vms(long userId);

    /** Sends the operation to the dbc_client and follows the VM until it reaches the operation's status. */
    DbcVm operate(long userId, long vmId, VmOperation operation);

    /**
     * Deletes the VM as soon as the dbc_client takes the request: the client refuses it while the VM
     * is being created, so such a VM is followed until it is stable and then deleted.
     */
    void deleteWhenStable(long userId, long vmId);
}
