package io.hutong.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class FairDataSourceTest {

    private final DataSource pool = mock(DataSource.class);
    private final Connection pooled = mock(Connection.class);

    @Test
    void waitersGetTheConnectionInTheOrderTheyAskedForIt() throws Exception {
        when(pool.getConnection()).thenReturn(pooled);
        FairDataSource fair = new FairDataSource(pool, 1, 10_000);
        Connection held = fair.getConnection();
        List<Integer> served = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(5);
        for (int i = 0; i < 5; i++) {
            int waiter = i;
            Thread thread = new Thread(() -> {
                try (Connection c = fair.getConnection()) {
                    served.add(waiter);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    done.countDown();
                }
            });
            thread.start();
            // the next waiter asks only once this one is queued
            await().atMost(Duration.ofSeconds(10)).until(() -> fair.waiting() == waiter + 1);
        }
        assertThat(served).isEmpty();
        held.close();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(served).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aConnectionClosedTwiceGivesItsPermitBackOnce() throws Exception {
        when(pool.getConnection()).thenReturn(pooled);
        FairDataSource fair = new FairDataSource(pool, 2, 50);
        Connection first = fair.getConnection();
        first.close();
        first.close();
        verify(pooled, times(1)).close();
        Connection a = fair.getConnection();
        Connection b = fair.getConnection();
        assertThatThrownBy(fair::getConnection).isInstanceOf(SQLTransientConnectionException.class)
                .hasMessageContaining("no database connection free within 50 ms");
        a.close();
        b.close();
    }

    @Test
    void aFailedOpeningGivesThePermitBack() throws Exception {
        when(pool.getConnection()).thenThrow(new SQLTransientConnectionException("down")).thenReturn(pooled);
        FairDataSource fair = new FairDataSource(pool, 1, 50);
        assertThatThrownBy(fair::getConnection).hasMessage("down");
        try (Connection c = fair.getConnection()) {
            assertThat(c.isClosed()).isFalse();
        }
    }
}
