package io.wadal;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package graph of wadal's main classes has no cycle, so each package can be read (and
 * changed) knowing only the packages below it. A failure names each cycle and the
 * dependencies along it.
 */
@AnalyzeClasses(packages = "io.wadal", importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {
    private static final String ROOT = "io.wadal";

    /** One slice per package of wadal, the root package included ("io.wadal.(**)" would leave it out); libraries are none. */
    private static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String p = c.getPackageName();
            if (p.equals(ROOT)) {
                return SliceIdentifier.of(ROOT);
            }
            return p.startsWith(ROOT + ".") ? SliceIdentifier.of(p.substring(ROOT.length() + 1)) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of " + ROOT;
        }
    };

    @ArchTest
    static final ArchRule noCycleBetweenPackages = slices().assignedFrom(PACKAGES).should().beFreeOfCycles();

    /** The top, alone: were the bottom there too (as WadalException once was), every package would depend on it and it on them. */
    @ArchTest
    static final ArchRule theRootPackageHoldsOnlyMain = classes().that().resideInAPackage(ROOT)
            .should().haveFullyQualifiedName(ROOT + ".Main");
}
