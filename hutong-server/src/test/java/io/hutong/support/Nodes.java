package io.hutong.support;

import io.hutong.HutongApplication;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts whole nodes inside the test JVM, each on its own port and data directory. */
public final class Nodes {

    private Nodes() {
    }

    /** Starts a node with the test clock; {@code args} are extra {@code --key=value} settings. */
    public static ConfigurableApplicationContext start(String nodeId, String dataDir, String... args) {
        List<String> all = new ArrayList<>(List.of("--hutong.node.id=" + nodeId,
                "--hutong.data-dir=" + dataDir, "--hutong.bootstrap.admin-token=" + NodeIT.ADMIN_TOKEN,
                "--spring.main.banner-mode=off"));
        all.addAll(List.of(args));
        if (all.stream().noneMatch(arg -> arg.startsWith("--server.port="))) {
            all.add("--server.port=0");
        }
        return new SpringApplicationBuilder(HutongApplication.class, TestClockConfiguration.class)
                .run(all.toArray(String[]::new));
    }

    public static int port(ConfigurableApplicationContext node) {
        return ((WebServerApplicationContext) node).getWebServer().getPort();
    }
}
