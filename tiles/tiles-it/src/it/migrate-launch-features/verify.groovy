// The Launch project's features moved onto the feature tiles: only the H2 driver is left of its
// dependencies, the compiler plugin keeps its own argument with the tiles' version, and the
// build on the tiles has no Maven warning about the POM.
def log = new File(basedir, 'build.log').text
['data-jdbc', 'micrometer', 'security-jwt', 'flyway', 'openapi'].each {
    assert log.contains("added feature tile ${it}-tile: it takes the place of Launch's ")
}

def provenance = new Properties()
new File(basedir, '.platform-template.properties').withReader('UTF-8') { provenance.load(it) }
assert provenance['answer.features'] == 'data-jdbc,micrometer,security-jwt,flyway,openapi'

def pom = new groovy.xml.XmlSlurper().parse(new File(basedir, 'pom.xml'))
def tiles = pom.build.plugins.plugin.find { it.artifactId == 'tiles-maven-plugin' }
assert tiles.configuration.tiles.tile*.text() == ['micronaut-tile', 'jib-tile', 'data-jdbc-tile', 'micrometer-tile',
        'security-jwt-tile', 'flyway-tile', 'openapi-tile'].collect { "io.github.mnplatform:${it}:\${platform.version}".toString() }
assert pom.dependencies.dependency*.artifactId*.text() == ['h2']
def compiler = pom.build.plugins.plugin.find { it.artifactId == 'maven-compiler-plugin' }
assert compiler.version == compilerVersion
assert compiler.configuration.compilerArgs.arg*.text() == ['-Xlint:deprecation']
assert compiler.configuration.annotationProcessorPaths.isEmpty()

// The build of the migrated POM (the second invocation) has no "Some problems were encountered
// while building the effective model" (a plugin without a version, ...). The first one has,
// from Launch's own parent: micronaut-platform 4.10.8 manages flexmark-html2md-converter twice.
def migratedBuild = log.substring(log.lastIndexOf('[INFO] Scanning for projects...'))
assert migratedBuild.contains('Injecting')
assert !migratedBuild.contains('Some problems were encountered')
assert !migratedBuild.contains("'build.plugins.plugin.version'")

assert log.contains('Injecting 7 tiles as intermediary parent artifacts')
def reports = new File(basedir, 'target/surefire-reports').listFiles().findAll { it.name.startsWith('TEST-') }
assert reports*.name.sort() == ['TEST-com.example.DemoTest.xml', 'TEST-com.example.FeaturesTest.xml']
reports.each { report ->
    def suite = new groovy.xml.XmlSlurper().parse(report)
    assert suite.@tests.toInteger() > 0 && suite.@failures == '0' && suite.@errors == '0' && suite.@skipped == '0'
}
// The processors of the tiles ran: security's, Data's (none here), openapi's description.
assert new File(basedir, 'target/classes/META-INF/swagger/demo-0.0.yml').isFile()
