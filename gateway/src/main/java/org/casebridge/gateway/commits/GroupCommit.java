package org.casebridge.gateway.commits;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs concurrent units of work in shared transactions (group commit in the application): the
 * recording of submitted messages and the closing of acknowledged dispatches. Each caller queues
 * its unit; whoever finds a free transaction slot becomes the leader, takes what is queued and
 * runs it in one transaction, while the others wait for their outcome. A unit alone runs at once;
 * under load one commit, one audit batch and one read-model refresh serve many units.
 *
 * <p>Two transactions at a time are the default. Measured on two cores, the gateway's CPU per
 * message grew with the transactions running at once (4–5 ms with one, 5–7 ms with two, 8 ms with
 * four, up to 15 ms with twenty separate ones); with one, 200 KB messages waited on a single
 * database backend (see the README's performance section).
 *
 * <p>All or nothing per message still holds: if any unit of a shared transaction fails (a lost
 * race, a refusal, a deadlock, a failed commit), the whole transaction rolls back and every unit
 * of it runs again in a transaction of its own, so each caller gets the outcome it would have
 * had alone. Units must therefore keep all their effects inside the transaction, and may run twice.
 */
public final class GroupCommit {

    private final TransactionTemplate transactions;
    private final int maxTransactions;
    private final int maxBatch;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition settled = lock.newCondition();
    private final ArrayDeque<Unit<?>> queue = new ArrayDeque<>();
    private int leaders;

    /**
     * @param maxTransactions recording transactions that may run at once
     * @param maxBatch        units one transaction takes at most
     */
    public GroupCommit(TransactionTemplate transactions, int maxTransactions, int maxBatch) {
        if (maxTransactions < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("group commit needs at least one transaction of at least one unit");
        }
        this.transactions = transactions;
        this.maxTransactions = maxTransactions;
        this.maxBatch = maxBatch;
    }

    /**
     * Runs the work in a transaction, perhaps shared with other callers', and returns once that
     * transaction has committed. A caller already in a transaction runs the work in that one.
     */
    public <T> T inTransaction(Supplier<T> work) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return transactions.execute(status -> work.get());
        }
        Unit<T> mine = new Unit<>(work);
        boolean interrupted = false;
        lock.lock();
        try {
            queue.add(mine);
            while (!mine.settled) {
                if (leaders < maxTransactions && !queue.isEmpty()) {
                    List<Unit<?>> batch = take();
                    leaders++;
                    lock.unlock();
                    try {
                        commit(batch);
                    } finally {
                        lock.lock();
                        leaders--;
                        settled.signalAll();
                    }
                } else {
                    // A unit already taken by a leader will be committed: its caller waits for the outcome.
                    settled.awaitUninterruptibly();
                    interrupted |= Thread.interrupted();
                }
            }
        } finally {
            lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return mine.outcome();
    }

    /** Units queued and not yet taken by a leader. */
    public int waiting() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private List<Unit<?>> take() {
        List<Unit<?>> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
        while (batch.size() < maxBatch && !queue.isEmpty()) {
            batch.add(queue.poll());
        }
        return batch;
    }

    private void commit(List<Unit<?>> batch) {
        if (batch.size() > 1) {
            try {
                List<Object> results = transactions.execute(status -> {
                    List<Object> done = new ArrayList<>(batch.size());
                    for (Unit<?> unit : batch) {
                        done.add(unit.work.get());
                    }
                    return done;
                });
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).succeed(results.get(i));
                }
                return;
            } catch (RuntimeException | Error shared) {
                // Rolled back as a whole: each unit again on its own, to learn which one failed and why.
            }
        }
        for (Unit<?> unit : batch) {
            try {
                unit.succeed(transactions.execute(status -> unit.work.get()));
            } catch (RuntimeException | Error failure) {
                unit.fail(failure);
            }
        }
    }

    /** One caller's work and, once its transaction has ended, the outcome. Settled under the lock's release. */
    private static final class Unit<T> {
        private final Supplier<T> work;
        private volatile boolean settled;
        private Object result;
        private Throwable failure;

        Unit(Supplier<T> work) {
            this.work = work;
        }

        void succeed(Object value) {
            result = value;
            settled = true;
        }

        void fail(Throwable thrown) {
            failure = thrown;
            settled = true;
        }

        @SuppressWarnings("unchecked")
        T outcome() {
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            return (T) result;
        }
    }
}
