package io.hutong.components.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.time.Duration;
import javax.crypto.KeyAgreement;

/**
 * Variable-base X25519 in a tight loop on the calling thread: what one core does with each engine,
 * each result fed back as the next point, as the masking of a batch uses it. Public for
 * bench/PsiCurveBench.java.
 */
public final class CurveLoop {

    private CurveLoop() {
    }

    /** The engines: the component's ({@link X25519.Engine}) and the JDK's XDH for comparison. */
    public static String[] engines() {
        return new String[] {X25519.Engine.CONSCRYPT.name(), X25519.Engine.BOUNCY_CASTLE.name(), "JDK_XDH"};
    }

    /** Which engine the component uses here. */
    public static String componentEngine() {
        return X25519.Engine.fastest().name();
    }

    /** Multiplications per second of CPU time over {@code duration} of it, after a warm-up of the same length. */
    public static double perSecond(String engine, Duration duration) throws GeneralSecurityException {
        byte[] scalar = new byte[32];
        new SecureRandom().nextBytes(scalar);
        X25519 x25519 = engine.equals("JDK_XDH") ? jdk() : X25519.Engine.valueOf(engine).create(scalar);
        run(x25519, duration);
        return run(x25519, duration);
    }

    /** Counted against the thread's CPU time, so that other work on the machine does not lower the figure. */
    private static double run(X25519 x25519, Duration duration) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        byte[] point = new byte[32];
        point[0] = 9;
        byte[] next = new byte[32];
        long start = threads.getCurrentThreadCpuTime();
        long end = start + duration.toNanos();
        long count = 0;
        long now;
        do {
            for (int i = 0; i < 100; i++) {
                x25519.multiply(point, 0, next, 0);
                byte[] swap = point;
                point = next;
                next = swap;
            }
            count += 100;
            now = threads.getCurrentThreadCpuTime();
        } while (now < end);
        return count / ((now - start) / 1e9);
    }

    /** SunEC's XDH (with a key of its own making), and the JCA objects it needs for each multiplication. */
    private static X25519 jdk() throws GeneralSecurityException {
        PrivateKey key = KeyPairGenerator.getInstance("X25519").generateKeyPair().getPrivate();
        KeyFactory keys = KeyFactory.getInstance("X25519");
        KeyAgreement agreement = KeyAgreement.getInstance("X25519");
        return (u, offset, out, outOffset) -> {
            byte[] bigEndian = new byte[32];
            for (int i = 0; i < 32; i++) {
                bigEndian[i] = u[offset + 31 - i];
            }
            bigEndian[0] &= 0x7f;
            try {
                agreement.init(key);
                agreement.doPhase(keys.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519,
                        new BigInteger(1, bigEndian))), true);
                agreement.generateSecret(out, outOffset);
                return true;
            } catch (GeneralSecurityException e) {
                return false;
            }
        };
    }
}
