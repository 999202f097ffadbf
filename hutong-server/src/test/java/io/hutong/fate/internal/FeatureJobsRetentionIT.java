package io.hutong.fate.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.support.NodeIT;
import io.hutong.support.TestClockConfiguration;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Finished jobs and their rows go after hutong.fate.job-retention; running ones stay. */
class FeatureJobsRetentionIT extends NodeIT {

    @Autowired
    FeatureJobs jobs;

    @Autowired
    Datasets datasets;

    @Autowired
    JdbcClient jdbc;

    @Test
    void dropsFinishedJobsWithTheirRowsAfterTheRetention() {
        String dataset = "ret_" + UUID.randomUUID().toString().substring(0, 8);
        datasets.load(dataset, "v1", null, new ByteArrayInputStream("id,x\n1,a\n2,b\n".getBytes(StandardCharsets.UTF_8)));
        String jobId = jobs.upload("{\"dataset\": \"" + dataset + "\", \"job_id\": \"r1\", \"sign\": \""
                + FeatureJobs.md5Hex("r1") + "\"}", IdFile.part("id", new ByteArrayInputStream("id\n1\n2\n".getBytes(
                        StandardCharsets.UTF_8))));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jobs.job(jobId).orElseThrow().status() == FeatureJobs.Status.SUCCESS);
        long seq = jobs.job(jobId).orElseThrow().seq();
        assertThat(rows(seq)).isEqualTo(2);

        jobs.dropExpiredJobs();
        assertThat(jobs.job(jobId)).as("within the retention").isPresent();

        TestClockConfiguration.CLOCK.advance(Duration.ofDays(8));
        jobs.dropExpiredJobs();
        assertThat(jobs.job(jobId)).isEmpty();
        assertThat(rows(seq)).isZero();
    }

    private long rows(long seq) {
        return jdbc.sql("select count(*) from fate_job_row where job_seq = ?").param(seq).query(Long.class).single();
    }
}
