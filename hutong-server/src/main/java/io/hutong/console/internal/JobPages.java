package io.hutong.console.internal;

import io.hutong.interconn.JobViews;
import io.hutong.interconn.JobViews.Detail;
import io.hutong.node.LocalNode;
import io.hutong.web.ApiException;
import io.hutong.web.ErrorKind;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationContext;
import org.springframework.core.convert.ConversionService;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.ISpringTemplateEngine;
import org.thymeleaf.spring6.expression.ThymeleafEvaluationContext;
import tools.jackson.databind.JsonNode;

/**
 * A job's page: who may open it, what it shows, and its live part rendered on its own for the
 * event stream (the same fragment the page starts with).
 */
@Component
public class JobPages {

    private final JobViews views;
    private final LocalNode local;
    private final Look look;
    private final ISpringTemplateEngine templates;
    private final ApplicationContext context;

    JobPages(JobViews views, LocalNode local, Look look, ISpringTemplateEngine templates, ApplicationContext context) {
        this.views = views;
        this.local = local;
        this.look = look;
        this.templates = templates;
        this.context = context;
    }

    /** The job, if this person may see it: an admin every job, a user the jobs they created here. */
    public Detail open(String jobId, Viewer viewer) {
        Detail job = views.find(jobId).orElseThrow(() -> ApiException.notFound("no job " + jobId + " at this node"));
        if (!viewer.mayOpen(job.creatorUserId())) {
            throw new ApiException(ErrorKind.FORBIDDEN, "job " + jobId
                    + " is not one of yours: a user sees the jobs they created at this node, an admin every job");
        }
        return job;
    }

    /** What the job's live part shows. */
    public Map<String, Object> live(Detail job) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("job", job);
        model.put("drawing", DagDrawing.of(job.tasks(), look));
        model.put("why", WhyWaiting.of(job, local.id(), look));
        model.put("localNode", local.id());
        return model;
    }

    /** The whole page's model: the live part and the job's parameters. */
    public Map<String, Object> page(Detail job) {
        Map<String, Object> model = live(job);
        model.put("jobParams", pretty(job.config() == null ? null : job.config().path("job_params")));
        model.put("taskParams", pretty(job.config() == null ? null : job.config().path("task_params")));
        Map<String, String> roles = new LinkedHashMap<>();
        if (job.config() != null) {
            job.config().path("role").properties().forEach(role -> roles.put(role.getKey(), role.getValue().valueStream()
                    .map(JsonNode::asString).collect(Collectors.joining(", "))));
        }
        model.put("roles", roles);
        model.put("levels", TaskLogView.LEVELS);
        return model;
    }

    /** The live fragment as HTML, outside any request (the event stream's thread). */
    public String renderLive(Detail job) {
        Context values = new Context(Locale.ENGLISH, live(job));
        values.setVariable(ThymeleafEvaluationContext.THYMELEAF_EVALUATION_CONTEXT_CONTEXT_VARIABLE_NAME,
                new ThymeleafEvaluationContext(context, context.getBean("mvcConversionService", ConversionService.class)));
        return templates.process("console/job", Set.of("live"), values);
    }

    private static String pretty(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? "—" : node.toPrettyString();
    }
}
