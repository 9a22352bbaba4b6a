// Jib settings come from properties: the POM's and -D on the command line both win.
def pom = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/effective-pom.xml'))
def jib = pom.build.plugins.plugin.find { it.artifactId == 'jib-maven-plugin' }
assert jib.configuration.from.image == "127.0.0.1:5000/acme/micronaut-base:${platformVersion}"
assert jib.configuration.allowInsecureRegistries == 'true'
assert jib.configuration.to.image == '127.0.0.1:5000/acme/jib-overrides:it'
assert jib.configuration.container.user == '2000:2000'
assert jib.configuration.container.ports.port == '9090'
