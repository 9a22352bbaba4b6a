def log = new File(basedir, 'build.log').text
assert log.contains("platform.version 0.0.9 -> ${platformVersion}")
assert log.contains("moved to the platform ${platformVersion}")
def pom = new groovy.xml.XmlSlurper().parse(new File(basedir, 'pom.xml'))
assert pom.properties.'platform.version' == platformVersion
// Rendered at the same version, the template changed nothing: the service's .gitignore is its own.
assert new File(basedir, '.gitignore').text == 'target/\nlocal.env\n'
assert new File(basedir, '.platform-template.properties').text.contains("template.version=${platformVersion}\n")
