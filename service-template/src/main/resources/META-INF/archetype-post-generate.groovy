// Runs after the archetype has written the service. Batch mode skips the descriptor's
// validationRegex, so every property is checked here; on a bad value the generated
// directory is removed again and the build fails with the property, the value and the rule.
import javax.lang.model.SourceVersion

def props = request.properties
def serviceDir = new File(request.outputDirectory, request.artifactId)

def problems = []
def check = { String key, String value, boolean ok, String rule ->
    if (!ok) {
        problems << "  ${key}='${value}': ${rule}"
    }
}

String artifactId = request.artifactId ?: ''
check('artifactId', artifactId, artifactId ==~ /[a-z][a-z0-9]*(-[a-z0-9]+)*/ && artifactId.length() <= 63,
      'lowercase kebab-case: letters a-z, digits and single hyphens, starting with a letter, at most 63 characters (e.g. orders, payment-gateway)')

String groupId = request.groupId ?: ''
check('groupId', groupId, groupId ==~ /[A-Za-z0-9_\-]+(\.[A-Za-z0-9_\-]+)*/,
      'dot-separated words of letters, digits, - and _ (e.g. com.acme)')

String pkg = props.getProperty('package', '')
check('package', pkg, SourceVersion.isName(pkg),
      'a valid Java package: dot-separated identifiers, no Java keyword (e.g. com.acme.orders)')

String port = props.getProperty('port', '')
check('port', port, port ==~ /[0-9]{1,5}/ && (port as int) >= 1024 && (port as int) <= 65535,
      'a whole number from 1024 to 65535 (e.g. 8080)')

String serviceName = props.getProperty('serviceName', '')
check('serviceName', serviceName, !serviceName.trim().isEmpty() && serviceName.length() <= 60 && !(serviceName =~ /["\\\p{Cntrl}]/),
      'non-empty, at most 60 characters, no double quote, backslash or control character (e.g. Orders)')

String platformVersion = props.getProperty('platformVersion', '')
check('platformVersion', platformVersion, platformVersion ==~ /[0-9A-Za-z._\-]+/,
      'a platform version such as 0.1.0 (default: the version of this template)')

String platformOrg = props.getProperty('platformOrg', '')
check('platformOrg', platformOrg, platformOrg ==~ /[a-z0-9]+(-[a-z0-9]+)*/ && platformOrg.length() <= 39,
      'the lowercase GitHub owner of the platform repository <platformOrg>/platform (default: the platform.org of this template)')

// The feature tiles the template offers, each with the files it adds to the service (its lines in
// pom.xml and application.yml are there under #if). The files of the features not chosen go.
def featureFiles = [
    'data-jdbc' : ['src/main/java/PACKAGE/Note.java', 'src/main/java/PACKAGE/NoteRepository.java',
                   'src/test/java/PACKAGE/NoteRepositoryTest.java'],
    'micrometer': ['src/test/java/PACKAGE/MetricsTest.java'],
    'security-jwt': ['src/main/java/PACKAGE/DemoUserAuthenticationProvider.java', 'src/main/java/PACKAGE/MeController.java',
                     'src/test/java/PACKAGE/SecurityTest.java'],
    'flyway'    : ['src/main/resources/db/migration/V1__create_note.sql', 'src/test/java/PACKAGE/FlywayMigrationTest.java'],
    'openapi'   : ['openapi.properties', 'src/test/java/PACKAGE/OpenApiTest.java'],
]
String featuresValue = props.getProperty('features', 'none')
List<String> features = featuresValue == 'none' ? [] : featuresValue.split(',', -1) as List
boolean knownFeatures = features.every { featureFiles.containsKey(it) } && features.size() == features.toSet().size()
check('features', featuresValue, knownFeatures,
      "none, or some of ${featureFiles.keySet().join(', ')}, comma-separated without spaces (e.g. data-jdbc,micrometer)")
// Flyway migrates a datasource, and the template's datasource comes with data-jdbc.
check('features', featuresValue, !knownFeatures || !features.contains('flyway') || features.contains('data-jdbc'),
      'flyway migrates the database of data-jdbc, and without data-jdbc the service has none: ' +
      'add data-jdbc (e.g. data-jdbc,flyway), or leave flyway out')

// rewriteOnce FILE PATTERN REPLACEMENT: the template has exactly one such line; anything else
// is a broken template, not bad input.
def rewriteOnce(File file, java.util.regex.Pattern pattern, String replacement) {
    String text = file.text
    int count = pattern.matcher(text).results().count()
    if (count != 1) {
        throw new IllegalStateException("service-template: ${file} has ${count} lines matching ${pattern}, expected 1")
    }
    file.text = pattern.matcher(text).replaceFirst(replacement)
}

if (problems) {
    serviceDir.deleteDir()
    throw new IllegalArgumentException(
        "service-template: invalid input, nothing was generated:\n" + problems.join('\n') +
        "\nFix the value(s) and run archetype:generate again.")
}

// The platform's reusable workflow and Renovate preset are read from <platformOrg>/platform at
// the git ref of platformVersion: its release tag vX.Y.Z, or the default branch (main) for a
// -SNAPSHOT, which has no tag. scripts/bump-tiles.sh and the Renovate preset move the same refs.
boolean snapshot = platformVersion.endsWith('-SNAPSHOT')
rewriteOnce(new File(serviceDir, '.github/workflows/ci.yml'),
        ~/(?m)^(\s*uses: )[^\s\/]+\/platform\/\.github\/workflows\/service\.yml@\S+$/,
        '$1' + platformOrg + '/platform/.github/workflows/service.yml@' + (snapshot ? 'main' : 'v' + platformVersion))
rewriteOnce(new File(serviceDir, 'renovate.json'),
        ~/"github>[^\s\/]+\/platform\/\/renovate\/service\.json(#[^"]*)?"/,
        '"github>' + platformOrg + '/platform//renovate/service.json' + (snapshot ? '' : '#v' + platformVersion) + '"')

featureFiles.findAll { feature, files -> !features.contains(feature) }.each { feature, files ->
    files.each { new File(serviceDir, it.replace('PACKAGE', pkg.replace('.', '/'))).delete() }
}
// A folder that only a feature not chosen had (db/migration) goes too.
['src/main/resources/db/migration', 'src/main/resources/db'].each { dir ->
    File folder = new File(serviceDir, dir)
    if (folder.isDirectory() && !folder.list()) {
        folder.delete()
    }
}

// Provenance: the template and the answers it was given, for the platform's update. The format
// is platform-core's TemplateProvenance, which the migrate goal writes too (same text).
def escape = { String value ->
    String escaped = value.replace('\\', '\\\\')
    escaped.startsWith(' ') ? '\\' + escaped : escaped
}
def answers = [groupId: groupId, artifactId: artifactId, version: props.getProperty('version'), 'package': pkg,
               serviceName: serviceName, port: port, platformOrg: platformOrg, features: featuresValue]
new File(serviceDir, '.platform-template.properties').setText(
        "# What this repository was made from: the platform's service template and the answers it was\n" +
        "# given. The platform's update renders the template again with them; see the platform's\n" +
        "# docs/reference/archetype.md, \"Provenance\".\n" +
        "template=${request.archetypeGroupId}:${request.archetypeArtifactId}\n" +
        "template.version=${request.archetypeVersion}\n" +
        "template.origin=archetype\n" +
        answers.collect { name, value -> "answer.${name}=${escape(value)}\n" }.join(''), 'UTF-8')

// The archetype plugin copies files without their permission bits.
new File(serviceDir, 'mvnw').setExecutable(true, false)
println "service-template: generated ${request.artifactId} (package ${pkg}, port ${port}, features: ${features ? features.join(', ') : 'none'}) in ${serviceDir}"
