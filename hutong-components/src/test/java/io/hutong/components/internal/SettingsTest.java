package io.hutong.components.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What Intersection reads from the container environment, and how it refuses what it cannot use. */
class SettingsTest {

    private final Map<String, String> env = new HashMap<>(Map.of(
            "system.storage", "file:///data/my%20node/storage",
            "system.transport", "127.0.0.1:8081",
            "config.self_role", "host.0",
            "config.node_id.host.0", "node-b",
            "config.node_id.guest.0", "node-a",
            "config.session_id", "task_1",
            "runtime.component.input.train_data", "{\"namespace\": \"space\", \"name\": \"host_ids\"}",
            "runtime.component.output.train_data", "{\"namespace\": \"job-1-host-0\", \"name\": \"task_1-train_data\"}"));

    @Test
    void ranksArePartyIdsInByteOrderAndTopicsNameBothDirections() {
        Settings settings = Settings.from(env);

        assertThat(settings.self()).isEqualTo(1);
        assertThat(settings.peerParty()).isEqualTo("guest.0");
        assertThat(settings.address().pushTopic()).isEqualTo("host.0-guest.0");
        assertThat(settings.address().popTopic()).isEqualTo("guest.0-host.0");
        assertThat(settings.address().peerNode()).isEqualTo("node-a");
        assertThat(settings.address().peerInstance()).isEqualTo("node-a");
        assertThat(settings.input()).isEqualTo(Path.of("/data/my node/storage/space/host_ids"));
        assertThat(settings.output()).isEqualTo(Path.of("/data/my node/storage/job-1-host-0/task_1-train_data"));
        assertThat(settings.resultToRank()).isEqualTo(-1);
        assertThat(settings.suite().name()).isEqualTo("curve25519");
        assertThat(settings.handshake()).isTrue();
        assertThat(settings.timeout()).hasSeconds(30);
        assertThat(settings.fieldNames()).isEmpty();
    }

    @Test
    void resultToAPartyNeedsNoOutputElsewhere() {
        env.put("runtime.component.parameter.result_to", "guest");
        env.remove("runtime.component.output.train_data");

        Settings settings = Settings.from(env);

        assertThat(settings.resultToRank()).isZero();
        assertThat(settings.output()).isNull();
    }

    @Test
    void fieldNamesComeAsAListOrAsJson() {
        env.put("runtime.component.parameter.field_names", " id , phone");
        assertThat(Settings.from(env).fieldNames()).containsExactly("id", "phone");
        env.put("runtime.component.parameter.field_names", "[\"id\", \"phone\"]");
        assertThat(Settings.from(env).fieldNames()).containsExactly("id", "phone");
    }

    @Test
    void aThirdPartyIsRefused() {
        env.put("config.node_id.arbiter.0", "node-c");

        assertThatThrownBy(() -> Settings.from(env)).isInstanceOf(ComponentFailure.class)
                .hasMessage("config.node_id.*: ECDH-PSI takes exactly 2 parties, the task names 3 [arbiter.0, guest.0, host.0]");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "runtime.component.parameter.result_to | arbiter | runtime.component.parameter.result_to: one of all, guest, host; got arbiter",
            "runtime.component.parameter.curve_type | fourq | runtime.component.parameter.curve_type: one of curve25519, sm2; got fourq",
            "runtime.component.parameter.hash_type | sm3 | runtime.component.parameter.hash_type: sha256",
            "runtime.component.parameter.handshake | yes | runtime.component.parameter.handshake: true or false; got yes",
            "runtime.component.parameter.timeout | 0 | runtime.component.parameter.timeout: whole seconds in [1, 3600], got 0",
            "runtime.component.parameter.field_names | 'id,,x' | runtime.component.parameter.field_names: no empty column name",
            "runtime.component.parameter.field_names | 'id,x,id' | runtime.component.parameter.field_names: column 'id' is named twice",
            "system.storage | s3://minio:9000?bucket=b | system.storage: file://<directory>",
            "config.self_role | arbiter.0 | config.self_role: one of [guest.0, host.0], got arbiter.0",
            "runtime.component.input.train_data | '{\"namespace\": \"..\", \"name\": \"x\"}' | runtime.component.input.train_data: namespace must be a file name",
            "runtime.component.output.train_data | '{\"namespace\": \"a\", \"name\": \"../../etc\"}' | runtime.component.output.train_data: name must be a file name",
            "runtime.component.input.train_data | space#ids | runtime.component.input.train_data: JSON {\"namespace\": …, \"name\": …}"})
    void aBadValueIsRefusedWithItsKeyAndRule(String key, String value, String message) {
        env.put(key, value);

        assertThatThrownBy(() -> Settings.from(env)).isInstanceOf(ComponentFailure.class).hasMessageStartingWith(message);
    }

    @Test
    void aMissingValueIsNamed() {
        for (String key : List.of("system.transport", "config.session_id", "runtime.component.input.train_data",
                "runtime.component.output.train_data")) {
            Map<String, String> without = new HashMap<>(env);
            without.remove(key);
            assertThatThrownBy(() -> Settings.from(without)).isInstanceOf(ComponentFailure.class)
                    .hasMessage(key + ": required");
        }
    }
}
