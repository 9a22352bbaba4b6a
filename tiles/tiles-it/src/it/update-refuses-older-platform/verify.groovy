def log = new File(basedir, 'build.log').text
assert log.contains("the target version ${platformVersion} is older than the service's platform.version 99.0.0 (pom.xml)")
assert log.contains('Nothing was changed.')
def pom = new groovy.xml.XmlSlurper().parse(new File(basedir, 'pom.xml'))
assert pom.properties.'platform.version' == '99.0.0'
