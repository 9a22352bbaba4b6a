#set( $F = ",${features}," )
package ${package};

import io.micronaut.runtime.Micronaut;
#if( $F.contains(",openapi,") )
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

// The title and version name the generated description: /swagger/${artifactId}-1.0.yml.
// Raise the version when the API changes.
@OpenAPIDefinition(info = @Info(title = "${artifactId}", version = "1.0"))
#end
public class Application {

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
