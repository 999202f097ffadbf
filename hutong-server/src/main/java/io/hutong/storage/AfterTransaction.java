package io.hutong.storage;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Work that must wait for the current transaction to end. Both hooks run on the transaction's
 * thread while it still holds its connection: what needs the database again hands itself to
 * another thread.
 */
public final class AfterTransaction {

    private AfterTransaction() {
    }

    /** Runs the action once the current transaction commits, or now when there is none. */
    public static void commit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    /** Runs the action if the current transaction rolls back; nothing happens outside a transaction. */
    public static void rollback(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_ROLLED_BACK) {
                    action.run();
                }
            }
        });
    }
}
