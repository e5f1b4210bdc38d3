package io.opencvm.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AppComposeTest {

    @Test
    void canonicalFormReproducesTheSdkComposeHashVector() {
        String vector = "{\"manifest_version\":2,\"name\":\"my-app\",\"runner\":\"docker-compose\",\"docker_compose_file\":"
                + "\"services:\\n  app:\\n    image: nginx\\n\",\"kms_enabled\":true,\"gateway_enabled\":true,"
                + "\"public_logs\":true,\"public_sysinfo\":true,\"public_tcbinfo\":true,\"local_key_provider_enabled\":false,"
                + "\"key_provider_id\":\"\",\"allowed_envs\":[\"FOO\"],\"no_instance_id\":false,\"secure_time\":false,"
                + "\"features\":[\"kms\",\"tproxy-net\"],\"pre_launch_script\":\"\"}";
        AppCompose compose = AppCompose.canonical(vector);
        assertThat(compose.hash()).isEqualTo("fb724e7c50286b80246c8842e7cc055e6aadfb6c28a82c7287c4a6ccccc09347");
        assertThat(compose.json()).startsWith("{\"allowed_envs\":[\"FOO\"],\"docker_compose_file\":");
    }

    @Test
    void builtComposeEqualsTheNormalisedSdkVectorAndOmitsAnEmptyPreLaunchScript() {
        AppCompose built = AppCompose.build(new AppCompose.Spec("my-app", "services:\n  app:\n    image: nginx\n", "",
                List.of("FOO"), true, true, true, true));
        assertThat(built.hash()).isEqualTo("9454975fe1d636e131920f57ed9ba91228586b96df633ed3e830747849f2c277");
        assertThat(built.json()).doesNotContain("pre_launch_script");
        assertThat(AppCompose.sha256Hex(built.json())).isEqualTo(built.hash());
    }

    @Test
    void dstackWorkedExampleHashesToItsPublishedValue() {
        String json = "{\"manifest_version\":2,\"name\":\"hello\",\"runner\":\"docker-compose\",\"docker_compose_file\":"
                + "\"services:\\n  web:\\n    image: nginx:1.27\\n    ports:\\n      - \\\"80:80\\\"\\n\",\"kms_enabled\":true,"
                + "\"gateway_enabled\":true,\"public_logs\":true,\"public_sysinfo\":true,\"allowed_envs\":[\"API_KEY\"],"
                + "\"no_instance_id\":false,\"secure_time\":false}";
        assertThat(AppCompose.canonical(json).hash())
                .isEqualTo("21d83c2b423ee05367ed8eba02c650ada2cb19b4999f3d70296b710844e42fc9");
    }
}
