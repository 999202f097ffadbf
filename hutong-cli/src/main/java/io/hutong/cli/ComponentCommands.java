package io.hutong.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** The components jobs at this node may use. */
@Command(name = "component", description = "Components: list, register.")
final class ComponentCommands extends NodeCommand {

    private static final String COMPONENT = "/v1/platform/schedule/component/";

    @Command(name = "list", description = "Registered components.")
    int list() {
        JsonNode components = node().get(COMPONENT + "list");
        output().print(components, out -> {
            Table table = Table.of("NAME", "VERSION", "PROVIDER", "ROLES", "IMAGE");
            components.forEach(component -> {
                JsonNode info = component.path("info");
                table.row(info.path("componentName"), info.path("version"), info.path("provider"),
                        info.path("roleList"), component.path("imageUrl"));
            });
            table.print(out);
        });
        return Exit.OK;
    }

    @Command(name = "register", description = "Registers (or replaces) a component: a JSON or YAML file with "
            + "imageUrl and component_info; - reads standard input.")
    int register(@Parameters(paramLabel = "FILE") String file) {
        JsonNode body = document(file);
        JsonNode data = node().post(COMPONENT + "register", body);
        JsonNode info = body.path("component_info");
        output().print(data, out -> out.println("Registered " + String.join(" ", Table.text(info.path("componentName")),
                Table.text(info.path("version")), "(" + Table.text(info.path("provider")) + ")") + "."));
        return Exit.OK;
    }
}
