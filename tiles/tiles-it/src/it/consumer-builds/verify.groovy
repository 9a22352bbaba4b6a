// A consumer of both tiles compiles (release 17, Micronaut processors), runs its test through
// real HTTP, and carries the Jib configuration with the platform defaults.
def log = new File(basedir, 'build.log').text
assert log.contains('Injecting 2 tiles as intermediary parent artifacts')
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')
assert new File(basedir, 'target/consumer-builds-1.0.jar').isFile()

// Class file major version 61 = Java 17, whatever JDK runs the build.
def classFile = new File(basedir, 'target/classes/it/consumer/Application.class').bytes
assert ((classFile[6] << 8) | classFile[7]) == 61

// The annotation processor from the BOM ran: Micronaut wrote bean definitions.
assert new File(basedir, 'target/classes/it/consumer').listFiles().any { it.name.contains('$Definition') }

def pom = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/effective-pom.xml'))
def jib = pom.build.plugins.plugin.find { it.artifactId == 'jib-maven-plugin' }
assert jib.version == jibVersion
assert jib.configuration.from.image == "ghcr.io/${platformOrg}/micronaut-base:${platformVersion}"
assert jib.configuration.to.image == "ghcr.io/${platformOrg}/consumer-builds:1.0"
assert jib.configuration.container.user == '1000:1000'
assert jib.configuration.container.mainClass == 'it.consumer.Application'
assert jib.configuration.container.creationTime == 'EPOCH'
def compiler = pom.build.plugins.plugin.find { it.artifactId == 'maven-compiler-plugin' }
assert compiler.version == compilerVersion

// The SBOM: made before compile, runtime scope only, reproducible, attached, put into the image.
def sbom = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/sbom/service.cdx.json'))
assert sbom.bomFormat == 'CycloneDX'
assert sbom.serialNumber == null
assert sbom.metadata.timestamp == null
assert sbom.components.any { it.purl.startsWith('pkg:maven/io.micronaut/micronaut-http-server-netty@') }
assert sbom.components.every { c -> c.hashes.any { it.alg == 'SHA-256' } }
assert !sbom.components.any { it.name.contains('junit') || it.name.contains('micronaut-test') }
// Before compile: `./mvnw compile jib:build` has it when Jib reads its extra directories.
def makeBom = log.indexOf('makeBom (sbom)')
assert makeBom >= 0 && makeBom < log.indexOf('--- compiler:')
assert log.contains('attaching as consumer-builds-1.0-cyclonedx.json')
def sbomPath = jib.configuration.extraDirectories.paths.path.find { it.into == '/opt/mnplatform/sbom' }
assert sbomPath.from.text().endsWith('target/sbom')
