package io.hutong;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Features talk through each other's top-level types only: no reaching into api/ or internal/. The
 * modules' generated documentation (diagrams and a canvas per feature) is written to
 * target/spring-modulith-docs.
 */
class ModularityTest {

    private final ApplicationModules modules = ApplicationModules.of(HutongApplication.class);

    @Test
    void featuresKeepToEachOthersPublicTypes() {
        modules.verify();
    }

    @Test
    void writesTheModulesDocumentation() {
        new Documenter(modules).writeDocumentation();
        Path docs = Path.of("target/spring-modulith-docs");
        assertThat(docs.resolve("components.puml")).isNotEmptyFile();
        modules.forEach(module -> assertThat(docs.resolve("module-" + module.getIdentifier() + ".adoc")).exists());
    }
}
