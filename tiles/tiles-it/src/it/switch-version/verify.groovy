// -Dplatform.version switches the tiles and the BOM together.
def log = new File(basedir, 'build.log').text
assert log.contains('io.github.mnplatform:micronaut-tile:0.0.1-it')
assert log.contains('io.github.mnplatform:jib-tile:0.0.1-it')

def pom = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/effective-pom.xml'))
assert pom.properties.'it.micronaut-tile.marker' == '0.0.1-it'
assert pom.properties.'it.jib-tile.marker' == '0.0.1-it'
def jib = pom.build.plugins.plugin.find { it.artifactId == 'jib-maven-plugin' }
assert jib.configuration.from.image == "ghcr.io/${platformOrg}/micronaut-base:0.0.1-it"

// The older BOM manages micronaut-core 4.10.21 instead of the current one.
def tree = new File(basedir, 'target/tree.txt').text
assert tree.contains('io.micronaut:micronaut-http-server-netty:jar:4.10.21:compile')
