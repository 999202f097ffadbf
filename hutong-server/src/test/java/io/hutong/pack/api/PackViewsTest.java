package io.hutong.pack.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PackViewsTest {

    @Test
    void durationsReadLikeTheDocumentsExample() {
        assertThat(PackViews.humanDuration(Duration.ofSeconds(86_400 + 5 * 3600 + 30 * 60 + 15))).isEqualTo("1天5时30分15秒");
        assertThat(PackViews.humanDuration(Duration.ofSeconds(2 * 86_400 + 7))).isEqualTo("2天0时0分7秒");
        assertThat(PackViews.humanDuration(Duration.ofSeconds(3600))).isEqualTo("1时0分0秒");
        assertThat(PackViews.humanDuration(Duration.ofSeconds(75))).isEqualTo("1分15秒");
        assertThat(PackViews.humanDuration(Duration.ZERO)).isEqualTo("0秒");
    }

    @Test
    void pageTotalsRoundUp() {
        assertThat(PackViews.pageTotal(0, 10)).isZero();
        assertThat(PackViews.pageTotal(10, 10)).isEqualTo(1);
        assertThat(PackViews.pageTotal(11, 10)).isEqualTo(2);
    }
}
