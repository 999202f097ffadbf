package io.hutong.transport.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The messages this node holds for its containers, in memory as Kuscia holds them: per session, a
 * queue per key ({@code <sending node>-<topic>}). A session is opened by its first use, bounded in
 * bytes, and released when asked or after {@code session-expiry} without use; a released session's
 * id is answered "released" for {@code released-memory}. A reader waiting on an empty queue takes the
 * next message pushed to it.
 */
@Component
class SessionQueues {

    private static final Logger log = LoggerFactory.getLogger(SessionQueues.class);
    static final byte[] NOTHING = new byte[0];

    private final TransportProperties properties;
    // expiry is operational: it follows the wall clock
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Instant> released = new ConcurrentHashMap<>();

    SessionQueues(TransportProperties properties) {
        this.properties = properties;
    }

    /** One session's queues; every access holds its monitor. */
    private static final class Session {
        final Map<String, ArrayDeque<byte[]>> queues = new HashMap<>();
        final Map<String, ArrayDeque<CompletableFuture<byte[]>>> readers = new HashMap<>();
        long bytes;
        Instant usedAt;
        boolean released;
    }

    void push(String sessionId, String key, byte[] message) {
        Session session = open(sessionId);
        synchronized (session) {
            usable(session, sessionId);
            session.usedAt = clock.instant();
            ArrayDeque<CompletableFuture<byte[]>> waiting = session.readers.get(key);
            while (waiting != null && !waiting.isEmpty()) {
                // a reader whose wait just ended is skipped: the message stays for the next one
                if (waiting.poll().complete(message)) {
                    return;
                }
            }
            long limit = properties.sessionBuffer().toBytes();
            if (session.bytes + message.length > limit) {
                throw new ChanException(ChanCode.QUEUE_FULL, "session " + sessionId + " holds " + session.bytes
                        + " unread bytes; " + message.length + " more exceed hutong.transport.session-buffer ("
                        + limit + ")");
            }
            session.queues.computeIfAbsent(key, k -> new ArrayDeque<>()).add(message);
            session.bytes += message.length;
        }
    }

    /** The next message of the queue, waiting up to {@code timeout} for one; {@link #NOTHING} when none came. */
    CompletableFuture<byte[]> pop(String sessionId, String key, Duration timeout) {
        Session session = open(sessionId);
        synchronized (session) {
            usable(session, sessionId);
            session.usedAt = clock.instant();
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
        }
    }

    /** The queue's next message left in place; {@link #NOTHING} when it is empty. */
    byte[] peek(String sessionId, String key) {
        Session session = open(sessionId);
        synchronized (session) {
            usable(session, sessionId);
            session.usedAt = clock.instant();
            ArrayDeque<byte[]> queue = session.queues.get(key);
            return queue == null || queue.isEmpty() ? NOTHING : queue.peek();
        }
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
            sessions.remove(sessionId, session);
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

    @Scheduled(fixedDelayString = "${hutong.transport.sweep:30s}")
    void expire() {
        Instant now = clock.instant();
        sessions.forEach((id, session) -> {
            boolean idle;
            synchronized (session) {
                idle = session.readers.values().stream().allMatch(ArrayDeque::isEmpty)
                        && session.usedAt.plus(properties.sessionExpiry()).isBefore(now);
            }
            if (idle) {
                log.info("Transport session {} unused for {}: released", id, properties.sessionExpiry());
                release(id, null);
            }
        });
        released.values().removeIf(at -> at.plus(properties.releasedMemory()).isBefore(now));
    }

    private Session open(String sessionId) {
        if (released.containsKey(sessionId)) {
            throw releasedError(sessionId);
        }
        return sessions.computeIfAbsent(sessionId, id -> {
            Session session = new Session();
            session.usedAt = clock.instant();
            return session;
        });
    }

    private static void usable(Session session, String sessionId) {
        if (session.released) {
            throw releasedError(sessionId);
        }
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
        return new ChanException(ChanCode.SESSION_RELEASED, "session " + sessionId + " was released");
    }
}
