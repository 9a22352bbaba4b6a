// The Launch project, migrated, builds on the platform: no parent, the tiles and the BOM at
// platform.version, its tests green, compiled by the tile's processors plus its own.
def log = new File(basedir, 'build.log').text
assert log.contains('removed <parent> io.micronaut.platform:micronaut-parent:4.10.8')
assert log.contains('delete micronaut-cli.yml')
assert log.contains('delete aot-jar.properties')

// The provenance the service template would have written, which the platform's update reads.
assert log.contains('wrote .platform-template.properties: the service template ' + platformVersion)
def provenance = new Properties()
new File(basedir, '.platform-template.properties').withReader('UTF-8') { provenance.load(it) }
assert provenance == ['template': 'io.github.mnplatform:service-template', 'template.version': platformVersion, 'template.origin': 'migrate',
        'answer.groupId': 'com.example', 'answer.artifactId': 'demo', 'answer.version': '0.1',
        'answer.package': 'com.example', 'answer.serviceName': 'demo', 'answer.port': '8080',
        'answer.platformOrg': platformOrg, 'answer.features': 'data-jdbc']

def pom = new groovy.xml.XmlSlurper().parse(new File(basedir, 'pom.xml'))
assert pom.parent.isEmpty()
assert pom.properties.'platform.version' == platformVersion
def tiles = pom.build.plugins.plugin.find { it.artifactId == 'tiles-maven-plugin' }
assert tiles.configuration.tiles.tile*.text() == ["io.github.mnplatform:micronaut-tile:\${platform.version}",
        "io.github.mnplatform:jib-tile:\${platform.version}", "io.github.mnplatform:data-jdbc-tile:\${platform.version}"]
// The data-jdbc tile brings Data JDBC, Hikari and the processor: the compiler plugin had nothing else.
assert pom.dependencies.dependency*.artifactId*.text() == ['h2']
assert !pom.build.plugins.plugin.any { it.artifactId == 'maven-compiler-plugin' }
assert pom.dependencyManagement.dependencies.dependency[0].artifactId == 'platform-bom'
assert !pom.build.plugins.plugin.any { it.artifactId == 'micronaut-maven-plugin' }

// The build of the migrated POM (the second invocation) has no "Some problems were encountered
// while building the effective model" (a plugin without a version, ...). The first one has,
// from Launch's own parent: micronaut-platform 4.10.8 manages flexmark-html2md-converter twice.
def migratedBuild = log.substring(log.lastIndexOf('[INFO] Scanning for projects...'))
assert migratedBuild.contains('Injecting')
assert !migratedBuild.contains('Some problems were encountered')
assert !migratedBuild.contains("'build.plugins.plugin.version'")

// The second invocation built on the tiles and ran both tests.
assert log.contains('Injecting 3 tiles as intermediary parent artifacts')
def reports = new File(basedir, 'target/surefire-reports').listFiles().findAll { it.name.startsWith('TEST-') }
assert reports*.name.sort() == ['TEST-com.example.BookControllerTest.xml', 'TEST-com.example.DemoTest.xml']
reports.each { report ->
    def suite = new groovy.xml.XmlSlurper().parse(report)
    assert suite.@tests.toInteger() > 0 && suite.@failures == '0' && suite.@errors == '0' && suite.@skipped == '0'
}

// The tile's processor (micronaut-inject-java) wrote bean definitions, and the data-jdbc tile's
// micronaut-data-processor implemented the repository.
def references = new File(basedir, 'target/classes/META-INF/micronaut/io.micronaut.inject.BeanDefinitionReference')
assert references.list().any { it.contains('BookController') }
assert new File(basedir, 'target/classes/com/example/$BookRepository$Intercepted$Definition.class').isFile()
