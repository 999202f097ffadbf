package io.hutong;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Features talk through each other's top-level types only: no reaching into api/ or internal/. */
class ModularityTest {

    @Test
    void featuresKeepToEachOthersPublicTypes() {
        ApplicationModules.of(HutongApplication.class).verify();
    }
}
