package io.hutong.data.internal;

import io.hutong.account.CurrentUser;
import io.hutong.account.Users;
import io.hutong.data.Dataset;
import io.hutong.data.DatasetId;
import io.hutong.data.DatasetLocation;
import io.hutong.data.Datasets;
import io.hutong.data.JobOutput;
import io.hutong.data.internal.DatasetStorage.Change;
import io.hutong.data.internal.DatasetStorage.Content;
import io.hutong.data.internal.DatasetStorage.Staged;
import io.hutong.storage.AfterTransaction;
import io.hutong.web.ApiException;
import io.hutong.web.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The datasets of this node. Who may do what: a user reads their own datasets and the node's
 * (owner null: loaded by an admin, or written by a job no user of this node created), and replaces
 * or deletes their own; an admin reads, replaces and deletes every one. Another user's dataset is as
 * unknown as a missing one, except that its location is taken.
 */
@Service
public class DatasetService implements Datasets {

    private final DatasetStore store;
    private final DatasetStorage storage;
    private final DataProperties properties;
    private final Users users;
    private final Clock clock;
    private final TransactionTemplate tx;

    DatasetService(DatasetStore store, DatasetStorage storage, DataProperties properties, Users users, Clock clock,
            TransactionTemplate tx) {
        this.store = store;
        this.storage = storage;
        this.properties = properties;
        this.users = users;
        this.clock = clock;
        this.tx = tx;
    }

    /**
     * Loads a CSV body as the dataset {@code id}: staged, checked while it streams, then moved into
     * place in the transaction that records it, so that it exists completely or not at all.
     *
     * @param overwrite whether an existing dataset (the user's own; any for an admin) is replaced
     * @param idColumns the columns no line may leave empty; none: the first
     * @param contentLength the body's declared length, -1 when unknown
     */
    public Dataset load(CurrentUser user, DatasetId id, boolean overwrite, List<String> idColumns, long contentLength,
            InputStream body) throws IOException {
        // refused before the body is read, so that a large body is not streamed for nothing
        store.find(id).ifPresent(existing -> checkReplace(existing, user, overwrite));
        long maxBytes = properties.maxUploadSize().toBytes();
        if (contentLength > maxBytes) {
            throw CsvCopy.tooLarge(maxBytes);
        }
        try (Staged staged = storage.stage()) {
            CsvCopy.Result csv = CsvCopy.copy(body, staged.output(), idColumns, maxBytes);
            long size = staged.finish();
            return tx.execute(status -> {
                Optional<Dataset> existing = store.lock(id);
                Dataset dataset;
                if (existing.isPresent()) {
                    checkReplace(existing.get(), user, overwrite);
                    // replaced content keeps its owner, and is no longer a job's output
                    dataset = new Dataset(id, existing.get().ownerId(), existing.get().ownerName(), csv.columns(),
                            csv.rows(), size, clock.instant(), null);
                    store.save(dataset);
                } else {
                    dataset = new Dataset(id, user.admin() ? null : user.id(), user.admin() ? null : user.name(),
                            csv.columns(), csv.rows(), size, clock.instant(), null);
                    if (!store.insertNew(dataset)) {
                        throw exists(id);
                    }
                }
                follow(() -> storage.publish(staged, id));
                return dataset;
            });
        }
    }

    /** The datasets the user may read, newest first; {@code namespace} and {@code jobId} filter when given. */
    public DatasetPage list(CurrentUser user, String namespace, String jobId, int pageNum, int pageSize) {
        return store.page(user.admin() ? null : user.id(), namespace, jobId, pageNum, pageSize);
    }

    public Dataset get(CurrentUser user, DatasetId id) {
        return store.find(id).filter(d -> readable(d, user))
                .orElseThrow(() -> ApiException.notFound("no dataset " + id + " on this node"));
    }

    /** The content of a dataset the user may read, to stream to them. */
    public Content download(CurrentUser user, DatasetId id) throws IOException {
        get(user, id);
        try {
            return storage.open(id);
        } catch (NoSuchFileException e) {
            throw new ApiException(ErrorKind.FAILURE, "dataset " + id + " is recorded but its file is missing from "
                    + "the storage; an admin can delete the record");
        }
    }

    public void delete(CurrentUser user, DatasetId id) {
        tx.executeWithoutResult(status -> {
            Dataset dataset = store.lock(id).filter(d -> readable(d, user))
                    .orElseThrow(() -> ApiException.notFound("no dataset " + id + " on this node"));
            if (!changeable(dataset, user)) {
                throw forbidden(dataset);
            }
            store.delete(id);
            follow(() -> storage.delete(id));
        });
    }

    @Override
    public String systemStorage() {
        return storage.uri();
    }

    @Override
    public Optional<DatasetLocation> locate(DatasetId id, Long userId) {
        Optional<Dataset> dataset = store.find(id);
        if (userId != null) {
            Optional<CurrentUser> user = users.findById(userId);
            dataset = dataset.filter(d -> user.isPresent() && readable(d, user.get()));
        }
        return dataset.map(d -> new DatasetLocation(storage.uri(), d.id()));
    }

    @Override
    public Optional<Dataset> registerOutput(JobOutput output, DatasetId dataset, Long creatorUserId) {
        CsvCopy.Shape shape;
        long size;
        try (Content content = storage.open(dataset)) {
            shape = CsvCopy.shape(content.stream());
            size = content.size();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read output " + dataset, e);
        }
        Optional<CurrentUser> owner = Optional.ofNullable(creatorUserId).flatMap(users::findById)
                .filter(user -> !user.admin());
        Dataset recorded = new Dataset(dataset, owner.map(CurrentUser::id).orElse(null),
                owner.map(CurrentUser::name).orElse(null), shape.columns(), shape.rows(), size, clock.instant(), output);
        store.save(recorded);
        return Optional.of(recorded);
    }

    @Override
    public List<Dataset> outputsOf(String jobId) {
        return store.outputsOf(jobId);
    }

    private interface StorageChange {
        Change apply() throws IOException;
    }

    /** Applies a storage change that the current transaction's end keeps or undoes. */
    private static void follow(StorageChange change) {
        Change applied;
        try {
            applied = change.apply();
        } catch (IOException e) {
            throw new UncheckedIOException("the storage refused the change", e);
        }
        AfterTransaction.commit(applied::keep);
        AfterTransaction.rollback(applied::undo);
    }

    private static void checkReplace(Dataset existing, CurrentUser user, boolean overwrite) {
        if (!changeable(existing, user)) {
            throw forbidden(existing);
        }
        if (!overwrite) {
            throw exists(existing.id());
        }
    }

    private static ApiException exists(DatasetId id) {
        return new ApiException(ErrorKind.FAILURE, "dataset " + id + " already exists: load it with overwrite=true "
                + "to replace it");
    }

    private static ApiException forbidden(Dataset dataset) {
        return new ApiException(ErrorKind.FORBIDDEN, "dataset " + dataset.id() + " belongs to "
                + (dataset.ownerId() == null ? "the node" : "another user") + ": only its owner or an admin may "
                + "replace or delete it");
    }

    private static boolean readable(Dataset dataset, CurrentUser user) {
        return user.admin() || dataset.ownerId() == null || dataset.ownerId() == user.id();
    }

    private static boolean changeable(Dataset dataset, CurrentUser user) {
        return user.admin() || dataset.ownerId() != null && dataset.ownerId() == user.id();
    }
}
