package io.hutong.interconn.internal;

import io.hutong.data.Dataset;
import io.hutong.data.Datasets;
import io.hutong.data.JobOutput;
import io.hutong.interconn.Dag;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The outputs a job's units wrote at this node, recorded as datasets once each unit succeeded:
 * listed and downloadable through the datasets API, and owned by the user who created the job here.
 */
@Component
class JobOutputs {

    private static final Logger log = LoggerFactory.getLogger(JobOutputs.class);

    private final Datasets datasets;
    private final JobStore store;

    JobOutputs(Datasets datasets, JobStore store) {
        this.datasets = datasets;
        this.store = store;
    }

    /** A unit of this node that succeeded, whose outputs are to be recorded. */
    record Written(String jobId, String taskId, JobPlan.Task task, JobPlan.Unit unit) {
    }

    /** Records what the units wrote; an output a unit did not write (its party does not receive the result) is none. */
    void record(List<Written> units) {
        Long creator = store.creatorOf(units.get(0).jobId()).orElse(null);
        for (Written written : units) {
            for (Dag.Port port : written.task().component().outputs()) {
                try {
                    datasets.registerOutput(new JobOutput(written.jobId(), written.task().name(), written.unit().role(),
                            written.unit().roleIndex(), port.key()), TaskEnvironment.output(written.jobId(),
                                    written.taskId(), written.unit(), port.key()), creator);
                } catch (RuntimeException e) {
                    log.warn("Job {}: output {} of task {} {} not recorded: {}", written.jobId(), port.key(),
                            written.task().name(), written.unit().label(), e.getMessage());
                }
            }
        }
    }

    /** What this node holds of a job's outputs. */
    List<Dataset> of(String jobId) {
        return datasets.outputsOf(jobId);
    }
}
