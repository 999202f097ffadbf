package io.hutong;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class HutongApplication {

    public static void main(String[] args) {
        // tasks are processes: JDK 17 to 20 start them with vfork when asked, about four times faster here
        // than the default posix_spawn through jspawnhelper (later JDKs deprecate the choice)
        if (Runtime.version().feature() < 21 && System.getProperty("jdk.lang.Process.launchMechanism") == null) {
            System.setProperty("jdk.lang.Process.launchMechanism", "VFORK");
        }
        SpringApplication.run(HutongApplication.class, args);
    }
}
