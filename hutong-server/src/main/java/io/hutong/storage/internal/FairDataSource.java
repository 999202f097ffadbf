package io.hutong.storage.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Hands out the pool's connections in the order they were asked for. HikariCP lets a thread that
 * just returned a connection take it again ahead of the threads waiting for one, so under load a
 * few requests wait 100 ms and more while others pass. A fair semaphore in front of the pool, with
 * one permit per connection, makes them queue first come, first served.
 */
final class FairDataSource extends DelegatingDataSource implements AutoCloseable {

    private final Semaphore permits;
    private final long timeoutMillis;

    FairDataSource(DataSource pool, int connections, long timeoutMillis) {
        super(pool);
        this.permits = new Semaphore(connections, true);
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public Connection getConnection() throws SQLException {
        acquire();
        return released(() -> super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        acquire();
        return released(() -> super.getConnection(username, password));
    }

    /** Threads waiting for a connection now. */
    int waiting() {
        return permits.getQueueLength();
    }

    /** Closes the pool behind (the bean's destroy method is inferred from this class now). */
    @Override
    public void close() throws Exception {
        if (getTargetDataSource() instanceof AutoCloseable pool) {
            pool.close();
        }
    }

    private void acquire() throws SQLException {
        try {
            if (!permits.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new SQLTransientConnectionException("no database connection free within " + timeoutMillis
                        + " ms (" + waiting() + " waiting)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while waiting for a database connection", e);
        }
    }

    private interface Opening {
        Connection open() throws SQLException;
    }

    /** The connection gives its permit back when closed (once, however often it is closed). */
    private Connection released(Opening opening) throws SQLException {
        Connection connection;
        try {
            connection = opening.open();
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
        AtomicBoolean closed = new AtomicBoolean();
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                if (closed.compareAndSet(false, true)) {
                    try {
                        connection.close();
                    } finally {
                        permits.release();
                    }
                }
                return null;
            }
            return invoke(connection, method, args);
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                handler);
    }

    private static Object invoke(Connection connection, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(connection, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
