package io.hutong.catalog.internal;

import io.hutong.web.ApiException;
import io.hutong.web.ErrorKind;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Lets {@code hutong.catalog.query-concurrency} resource queries be evaluated at once and queues
 * the rest in arrival order. A query is pure computation: with more of them running than there
 * are processors they only take turns on the same cores, each one slower, and the operating system's
 * turns make the slowest much slower than the rest. Waiting in line keeps the time of each close to
 * its own work plus the queue ahead of it. It registers itself for both query endpoints.
 */
@Component
class QueryAdmission implements HandlerInterceptor, WebMvcConfigurer {

    private static final String ADMITTED = QueryAdmission.class.getName() + ".admitted";

    private final Semaphore turns;
    private final Duration patience;

    QueryAdmission(CatalogProperties properties) {
        this.turns = new Semaphore(properties.queryConcurrency(), true);
        this.patience = properties.queryPatience();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/v1/query_computing_resources",
                "/api/v1/query_computing_resources/", "/api/v1/query_computing_resources_by_task_template",
                "/api/v1/query_computing_resources_by_task_template/");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws InterruptedException {
        if (!turns.tryAcquire(patience.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new ApiException(ErrorKind.BUSY, "too many resource queries in progress (waited " + patience.toMillis()
                    + " ms for a turn); try again");
        }
        request.setAttribute(ADMITTED, Boolean.TRUE);
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception failure) {
        if (request.getAttribute(ADMITTED) != null) {
            request.removeAttribute(ADMITTED);
            turns.release();
        }
    }
}
