package io.hutong.transport.internal;

import io.hutong.web.TransportCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * The messages this node holds for its containers, in memory as Kuscia holds them: per session, a
 * queue per key ({@code <sending node>-<topic>}). A session is opened by its first use and bounded
 * in bytes. It is released when asked, and its id is then answered "released" for
 * {@code released-memory}. After {@code session-expiry} without use it is forgotten, and released only
 * when it still held unread messages, whose loss its readers then hear of. A reader waiting on an
 * empty queue takes the next message pushed to it.
 */
@Component
class SessionQueues implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(SessionQueues.class);
    static final byte[] NOTHING = new byte[0];

    private final TransportProperties properties;
    // expiry is operational: it follows the wall clock
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Instant> released = new ConcurrentHashMap<>();
    // how many sessions each sending node has messages in: bounded, as each session's bytes are
    private final Map<String, AtomicInteger> sessionsOf = new ConcurrentHashMap<>();

    SessionQueues(TransportProperties properties) {
        this.properties = properties;
    }

    /** One session's queues; every access holds its monitor. */
    private static final class Session {
        final Map<String, ArrayDeque<byte[]>> queues = new HashMap<>();
        final Map<String, ArrayDeque<CompletableFuture<byte[]>>> readers = new HashMap<>();
        final Set<String> senders = new HashSet<>();
        long bytes;
        Instant usedAt;
        boolean released;
        // dropped while idle and empty: a caller holding it opens the session anew
        boolean forgotten;
    }

    /** @param sender the node the message comes from; it counts against that node's sessions */
    void push(String sessionId, String sender, String key, byte[] message) {
        inSession(sessionId, session -> {
            if (!session.senders.contains(sender)) {
                AtomicInteger held = sessionsOf.computeIfAbsent(sender, node -> new AtomicInteger());
                if (held.incrementAndGet() > properties.sessionsPerPeer()) {
                    held.decrementAndGet();
                    throw new ChanException(TransportCode.QUEUE_FULL, sender + " has messages in "
                            + properties.sessionsPerPeer() + " sessions here; hutong.transport.sessions-per-peer is "
                            + properties.sessionsPerPeer());
                }
                session.senders.add(sender);
            }
            ArrayDeque<CompletableFuture<byte[]>> waiting = session.readers.get(key);
            while (waiting != null && !waiting.isEmpty()) {
                // a reader whose wait just ended is skipped: the message stays for the next one
                if (waiting.poll().complete(message)) {
                    return null;
                }
            }
            long limit = properties.sessionBuffer().toBytes();
            if (session.bytes + message.length > limit) {
                throw new ChanException(TransportCode.QUEUE_FULL, "session " + sessionId + " holds " + session.bytes
                        + " unread bytes; " + message.length + " more exceed hutong.transport.session-buffer ("
                        + limit + ")");
            }
            session.queues.computeIfAbsent(key, k -> new ArrayDeque<>()).add(message);
            session.bytes += message.length;
            return null;
        });
    }

    /** The next message of the queue, waiting up to {@code timeout} for one; {@link #NOTHING} when none came. */
    CompletableFuture<byte[]> pop(String sessionId, String key, Duration timeout) {
        return inSession(sessionId, session -> {
            byte[] head = take(session, key);
            if (head != null || timeout.isZero()) {
                return CompletableFuture.completedFuture(head != null ? head : NOTHING);
            }
            CompletableFuture<byte[]> reader = new CompletableFuture<>();
            ArrayDeque<CompletableFuture<byte[]>> waiting = session.readers.computeIfAbsent(key, k -> new ArrayDeque<>());
            waiting.add(reader);
            reader.completeOnTimeout(NOTHING, timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((message, e) -> {
                synchronized (session) {
                    waiting.remove(reader);
                }
            });
            return reader;
        });
    }

    /** The queue's next message left in place; {@link #NOTHING} when it is empty. */
    byte[] peek(String sessionId, String key) {
        return inSession(sessionId, session -> {
            ArrayDeque<byte[]> queue = session.queues.get(key);
            return queue == null || queue.isEmpty() ? NOTHING : queue.peek();
        });
    }

    /** Drops one queue's unread messages, or with a null key the whole session, whose id is then refused. */
    void release(String sessionId, String key) {
        Session session = sessions.get(sessionId);
        if (session == null) {
            if (key == null) {
                released.put(sessionId, clock.instant());
            }
            return;
        }
        synchronized (session) {
            if (key != null) {
                ArrayDeque<byte[]> queue = session.queues.remove(key);
                if (queue != null) {
                    session.bytes -= queue.stream().mapToLong(m -> m.length).sum();
                }
                return;
            }
            session.released = true;
            released.put(sessionId, clock.instant());
            dropped(sessionId, session);
            ChanException gone = releasedError(sessionId);
            session.readers.values().forEach(waiting -> List.copyOf(waiting).forEach(r -> r.completeExceptionally(gone)));
        }
    }

    /** Unread bytes of a session (0 when there is none). */
    long bytes(String sessionId) {
        Session session = sessions.get(sessionId);
        if (session == null) {
            return 0;
        }
        synchronized (session) {
            return session.bytes;
        }
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::expire, properties.sweep());
    }

    void expire() {
        Instant now = clock.instant();
        sessions.forEach((id, session) -> {
            synchronized (session) {
                if (session.readers.values().stream().anyMatch(waiting -> !waiting.isEmpty())
                        || !session.usedAt.plus(properties.sessionExpiry()).isBefore(now)) {
                    return;
                }
                if (session.bytes == 0) {
                    dropped(id, session);
                    session.forgotten = true;
                    return;
                }
            }
            log.warn("Transport session {} unused for {} with {} unread bytes: released", id,
                    properties.sessionExpiry(), bytes(id));
            release(id, null);
        });
        released.values().removeIf(at -> at.plus(properties.releasedMemory()).isBefore(now));
    }

    /**
     * Runs {@code work} holding the session's monitor, the session opened if needed. A session that
     * was forgotten meanwhile (idle and empty) is opened anew; a released one is refused.
     */
    private <T> T inSession(String sessionId, Function<Session, T> work) {
        while (true) {
            Session session = sessions.computeIfAbsent(sessionId, id -> {
                // checked here, so a release (which marks the id before it drops the session) cannot be missed
                if (released.containsKey(id)) {
                    throw releasedError(id);
                }
                Session fresh = new Session();
                fresh.usedAt = clock.instant();
                return fresh;
            });
            synchronized (session) {
                if (session.forgotten) {
                    continue;
                }
                if (session.released) {
                    throw releasedError(sessionId);
                }
                session.usedAt = clock.instant();
                return work.apply(session);
            }
        }
    }

    /** The session leaves the map (its monitor held): its senders hold one session less. */
    private void dropped(String sessionId, Session session) {
        if (sessions.remove(sessionId, session)) {
            session.senders.forEach(sender -> sessionsOf.computeIfPresent(sender,
                    (node, held) -> held.decrementAndGet() <= 0 ? null : held));
        }
    }

    /** How many sessions hold messages from a node (for tests). */
    int sessionsOf(String sender) {
        AtomicInteger held = sessionsOf.get(sender);
        return held == null ? 0 : held.get();
    }

    private static byte[] take(Session session, String key) {
        ArrayDeque<byte[]> queue = session.queues.get(key);
        byte[] head = queue == null ? null : queue.poll();
        if (head != null) {
            session.bytes -= head.length;
        }
        return head;
    }

    private static ChanException releasedError(String sessionId) {
        return new ChanException(TransportCode.SESSION_RELEASED, "session " + sessionId + " was released");
    }
}
