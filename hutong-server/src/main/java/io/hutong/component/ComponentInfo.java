package io.hutong.component;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** §6.1 组件注册信息, with the document's field names. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ComponentInfo(String componentName, String title, String provider, String version,
        String description, List<String> roleList, String desVersion, List<String> storageEngine,
        List<InputParam> inputParam, List<DataSpec> inputData, List<DataSpec> outputData, List<Result> result) {

    /** §6.5 组件算法输入参数. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InputParam(String name, String title, String description, String type, List<Object> bindingData,
            Boolean optional, String defaultValue, String validator, List<String> dependsOn,
            @JsonProperty("UIPattern") String uiPattern, List<String> groupTag, @JsonProperty("UIType") String uiType) {
    }

    /** §6.3 组件输出数据 and §6.4 组件输入数据. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DataSpec(String name, String description, String category, List<String> dataFormat) {
    }

    /** §6.2 组件结果信息. */
    public record Result(String resultCode, String resultMessage) {
    }
}
