package io.hutong.console.internal;

import io.hutong.interconn.BfiaJobChanged;
import io.hutong.interconn.JobViews;
import io.hutong.interconn.JobViews.Detail;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The event streams of the console's live parts. Each stream has a thread that renders its
 * part again when told that something changed (a job's moves, once committed) or, at the latest,
 * every {@code hutong.console.live-refresh} (changes made by another replica), and sends it only
 * when it differs from what the browser has. The browser never polls.
 */
@Component
public class JobLive {

    private static final Logger log = LoggerFactory.getLogger(JobLive.class);
    /** A stream is ended after this; the browser's EventSource opens it again by itself. */
    private static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);

    private final Map<String, Set<Semaphore>> watchers = new ConcurrentHashMap<>();
    // a thread per open stream, which waits most of its time; a console has few viewers
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "console-live");
        thread.setDaemon(true);
        return thread;
    });
    private final JobViews views;
    private final JobPages pages;
    private final ConsoleProperties properties;

    JobLive(JobViews views, JobPages pages, ConsoleProperties properties) {
        this.views = views;
        this.pages = pages;
        this.properties = properties;
    }

    @PreDestroy
    void close() {
        threads.shutdownNow();
    }

    /** One of a job's moves committed: its streams render again. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void changed(BfiaJobChanged event) {
        watchers.getOrDefault(event.jobId(), Set.of()).forEach(Semaphore::release);
    }

    /** The job's live part: event {@code live}, and {@code end} once the job has ended. */
    public SseEmitter job(String jobId) {
        // one line of HTML: an event's data must not hold line breaks the stream would read as its end
        return stream(jobId, properties.liveRefresh(), () -> views.find(jobId).map(job -> new Frame("live", null,
                pages.renderLive(job).replaceAll("\\s*\\R\\s*", " "), job.summary().status().ended())));
    }

    /**
     * A stream of frames of a job: {@code next} answers the frame as it is now (empty once there is
     * nothing more to send), asked again after each change of the job or {@code refresh}; a frame is
     * sent when its id (else its data) differs from the last one sent, and the stream ends after a
     * frame that says it is the last.
     */
    public SseEmitter stream(String jobId, Duration refresh, Supplier<Optional<Frame>> next) {
        SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
        Semaphore signal = new Semaphore(0);
        watchers.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(signal);
        Runnable forget = () -> {
            watchers.computeIfPresent(jobId, (id, set) -> {
                set.remove(signal);
                return set.isEmpty() ? null : set;
            });
            signal.release();
        };
        emitter.onCompletion(forget);
        emitter.onTimeout(forget);
        emitter.onError(error -> forget.run());
        threads.execute(() -> {
            String sent = null;
            try {
                while (watchers.getOrDefault(jobId, Set.of()).contains(signal)) {
                    Optional<Frame> frame = next.get();
                    if (frame.isEmpty()) {
                        break;
                    }
                    String key = frame.get().id() != null ? frame.get().id() : frame.get().data();
                    if (!key.equals(sent)) {
                        SseEmitter.SseEventBuilder event = SseEmitter.event().name(frame.get().event());
                        if (frame.get().id() != null) {
                            event.id(frame.get().id());
                        }
                        emitter.send(event.data(frame.get().data()));
                        sent = key;
                    }
                    if (frame.get().last()) {
                        emitter.send(SseEmitter.event().name("end").data("ended"));
                        break;
                    }
                    signal.tryAcquire(refresh.toMillis(), TimeUnit.MILLISECONDS);
                    signal.drainPermits();
                }
                emitter.complete();
            } catch (IOException | IllegalStateException gone) {
                // the browser left: nothing to tell it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("Live stream of job {} failed", jobId, e);
                emitter.completeWithError(e);
            } finally {
                forget.run();
            }
        });
        return emitter;
    }

    /**
     * One message of a stream, its data on one line.
     *
     * @param id the event's id (a browser that reconnects sends the last one back), null for none
     * @param last nothing follows it
     */
    public record Frame(String event, String id, String data, boolean last) {
    }
}
