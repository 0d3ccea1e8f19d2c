/*
 * Writes FHIR R4 core (4.0.1) as an npm-style FHIR package directory from HAPI FHIR's hapi-fhir-validation-resources-r4
 * (profiles, extensions, value sets and code systems), for SUSHI to compile the IHE BALP FSH sources offline
 * (packages.fhir.org is not reachable from the build machines). See src/test/resources/fhir/balp/README.md:
 *
 *   ./mvnw -B -ntp -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 *   java -cp "$(cat /tmp/cp.txt)" scripts/balp/R4CorePackage.java ~/.fhir/packages/hl7.fhir.r4.core#4.0.1/package
 */
import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.*;
import java.io.*;
import java.nio.file.*;
import java.util.*;

public class R4CorePackage {
    public static void main(String[] args) throws Exception {
        FhirContext ctx = FhirContext.forR4();
        ctx.getParserOptions().setStripVersionsFromReferences(false);
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        String[] bundles = {
            "/org/hl7/fhir/r4/model/profile/profiles-resources.xml",
            "/org/hl7/fhir/r4/model/profile/profiles-types.xml",
            "/org/hl7/fhir/r4/model/profile/profiles-others.xml",
            "/org/hl7/fhir/r4/model/extension/extension-definitions.xml",
            "/org/hl7/fhir/r4/model/valueset/valuesets.xml",
            "/org/hl7/fhir/r4/model/valueset/v3-codesystems.xml",
            "/org/hl7/fhir/r4/model/valueset/v2-tables.xml"};
        int n = 0;
        var json = ctx.newJsonParser();
        for (String b : bundles) {
            try (InputStream in = R4CorePackage.class.getResourceAsStream(b);
                 Reader r = new InputStreamReader(in, "UTF-8")) {
                Bundle bundle = ctx.newXmlParser().parseResource(Bundle.class, r);
                for (var e : bundle.getEntry()) {
                    Resource res = e.getResource();
                    if (res == null) continue;
                    String name = res.fhirType() + "-" + res.getIdElement().getIdPart() + ".json";
                    Files.writeString(out.resolve(name), json.encodeResourceToString(res));
                    n++;
                }
            }
        }
        Files.writeString(out.resolve("package.json"), "{\"name\":\"hl7.fhir.r4.core\",\"version\":\"4.0.1\",\"fhirVersions\":[\"4.0.1\"],\"type\":\"fhir.core\",\"canonical\":\"http://hl7.org/fhir\",\"dependencies\":{}}");
        System.out.println(n + " resources");
    }
}
