#include "governance/sources.h"

#include <algorithm>

namespace ics::governance {

const std::vector<Source>& Sources() {
  static const std::vector<Source> sources = {
      {"ACT-1B", "NHS Act 2006 Schedule 1B (inserted by the Health and Care Act 2022)",
       "https://legislation.gov.uk/ukpga/2006/41/schedule/1B"},
      {"ACT-14Z52", "NHS Act 2006 s.14Z52: joint forward plans",
       "https://legislation.gov.uk/ukpga/2006/41/chapter/A3/crossheading/forward-planning-and-reports"},
      {"LGPIHA", "Local Government and Public Involvement in Health Act 2007 s.116ZA (integrated care partnerships)",
       "https://legislation.gov.uk/ukpga/2007/28/section/116ZA/2022-07-01"},
      {"LGPIHA-103", "Local Government and Public Involvement in Health Act 2007 s.103 (responsible local authorities)",
       "https://www.legislation.gov.uk/ukpga/2007/28/part/5/chapter/1"},
      {"LGPIHA-116ZB", "Local Government and Public Involvement in Health Act 2007 s.116ZB (integrated care strategies)",
       "https://www.legislation.gov.uk/ukpga/2007/28/section/116ZB"},
      {"DF", "NHS England, Integrated Care Systems: design framework (June 2021)",
       "https://www.england.nhs.uk/publication/integrated-care-systems-design-framework/"},
      {"DF-HSJ", "HSJ, \"NHS England reveals who will sit on ICS boards\" (16 June 2021), quoting the design framework",
       "https://www.hsj.co.uk/policy-and-regulation/nhs-england-reveals-who-will-sit-on-ics-boards/7030317.article"},
      {"DF-GPO", "GPonline (16 June 2021), quoting the design framework",
       "https://www.gponline.com/just-one-seat-nhs-integrated-care-system-board-will-represent-gps/article/1719495"},
      {"DF-MR", "Mills & Reeve summaries of the design framework",
       "https://www.mills-reeve.com/insights/publications/the-next-steps-towards-integrated-care-system"},
      {"DF-BB", "Bevan Brittan, \"Managing the transition to statutory ICS - a roadmap\" (July 2021)",
       "http://bevanbrittan.com/insights/articles/2021/managing-the-transition-to-statutory-ics-a-roadmap"},
      {"ICBGOV", "NHS England, Guidance on integrated care board constitutions and governance",
       "https://england.nhs.uk/long-read/guidance-on-integrated-care-board-constitutions-and-governance"},
      {"ICBINT", "NHS England, Interim guidance on the functions and governance of the integrated care board (Aug 2021)",
       "https://capsticks.com/insights/establishment-of-integrated-care-boards-understanding-their-composition-avoiding-conflicts-of-interest-and-nominating-board-members"},
      {"MODEL", "NHS England model ICB constitution, as adopted by Hertfordshire and West Essex ICB (HWE)",
       "https://hertsandwestessex.icb.nhs.uk/us/constitution/2"},
      {"GGI", "Good Governance Institute (18 Oct 2021)",
       "https://www.good-governance.org.uk/publications/insights/integrated-care-boards-why-a-whole-system-governance-approach-is-key"},
      {"HL6183", "Written answer HL6183 (23 Feb 2022)",
       "https://questions-statements.parliament.uk/written-questions/detail/2022-02-10/HL6183/"},
      {"HSJ-2024", "HSJ, \"ICBs can scrap chief nurse and medic, says NHSE\"",
       "https://www.hsj.co.uk/london/icbs-can-scrap-chief-nurse-and-medic-says-nhse/7039765.article"},
      {"LINCS", "Lincolnshire ICB committees page",
       "https://lincolnshire.icb.nhs.uk/about-us/our-board-and-committees/committees/"},
      {"SWL", "South West London ICB board page and governance handbook",
       "https://southwestlondon.icb.nhs.uk/about/board/about-our-board"},
      {"NOTTS", "Nottingham and Nottinghamshire ICB organisational information",
       "https://notts.icb.nhs.uk/organisational-information"},
      {"WY", "West Yorkshire ICB governance",
       "https://westyorkshire.icb.nhs.uk/about-west-yorkshire-integrated-care-board/governance"},
      {"LSC-REM", "Lancashire and South Cumbria ICB remuneration committee terms of reference",
       "https://lsc-icb.franktesting.co.uk/about-us/sub-committees/remuneration-committee-and-panel/remuneration-committee-terms-reference"},
      {"SNEE-SFI", "Suffolk and North East Essex ICB standing financial instructions",
       "https://suffolkandnortheastessex.icb.nhs.uk/about-us/our-policies/detailed-financial-policies-sfis/"},
      {"DELEG", "NHS England, Arrangements for delegation and joint exercise of statutory functions (s.65Z7 guidance)",
       "https://www.england.nhs.uk/long-read/arrangements-for-delegation-and-joint-exercise-of-statutory-functions/"},
      {"NHSP-COL", "NHS Providers, Provider collaboration: a practical guide (committees)",
       "https://nhsproviders.org/provider-collaboration-a-practical-guide-to-lawful-well-governed-collaboratives/what-are-the-options-for-collaborative-arrangements/committees"},
      {"WAS", "NHS England, Working together at scale: guidance on provider collaboratives (Aug 2021)",
       "https://www.mills-reeve.com/insights/publications/new-guidance-on-provider-collaboratives"},
      {"THRIVE", "NHS England, Thriving places (Sept 2021)",
       "https://staffsstoke.icb.nhs.uk/your-nhs-integrated-care-board/governance/"},
      {"PLACE-5", "Note on the five place governance models",
       "https://www.mondaq.com/uk/healthcare/1099124/what-does-the-health-and-care-bill-mean-for-place-governance"},
      {"PPL-10", "The ten principles for working with people and communities",
       "https://sthelensccg.nhs.uk/integrated-care/involving-people-and-communities/"},
      {"EMPLOY", "Hill Dickinson on the ICS employment commitment",
       "https://www.hilldickinson.com/insights/articles/update-integrated-care-systems-icss-%E2%80%93-employment-commitment"},
      {"COI-2024", "NHS England, Managing conflicts of interest in the NHS (Sept 2024)",
       "https://www.england.nhs.uk/long-read/managing-conflicts-of-interest-in-the-nhs/"},
      {"COI-2017", "NHS England, Managing conflicts of interest in the NHS: guidance for staff and organisations (2017)",
       "https://www.england.nhs.uk/publication/managing-conflicts-of-interest-in-the-nhs-guidance-for-staff-and-organisations/"},
      {"COI-NHSE", "NHS England, Conflicts of interest management (gift and hospitality thresholds)",
       "https://www.england.nhs.uk/commissioning/pc-co-comms/coi/"},
      {"COI-LMC", "LMC summary of the 2017 conflicts of interest guidance",
       "https://archive.lmc.org.uk/article.php?end=240&group_id=16628&start=231"},
      {"REGS-2014", "Health and Social Care Act 2008 (Regulated Activities) Regulations 2014, Schedule 4",
       "https://legislation.gov.uk/uksi/2014/2936/schedule/4/made"},
      {"JFP-G", "NHS England, Guidance on developing the joint forward plan (Dec 2022)",
       "https://www.england.nhs.uk/long-read/guidance-on-developing-the-joint-forward-plan/"},
      {"WA-2021", "Written answer on ICB conflicts of interest (1 Dec 2021)",
       "https://parallelparliament.co.uk/question/80412/integrated-care-boards-conflict-of-interests"},
      {"HB-2026", "Health Bill 2026 (introduced 14 May 2026; not law)",
       "https://www.gov.uk/government/publications/health-bill-structural-measures-to-icbs-and-foundation-trusts-impact-assessments"},
      {"FPPT", "NHS England, Fit and Proper Person Test Framework for board members",
       "https://www.england.nhs.uk/long-read/nhs-england-fit-and-proper-person-test-framework-for-board-members/"},
  };
  return sources;
}

std::vector<const Source*> SourcesCitedIn(std::string_view citation) {
  std::vector<std::pair<size_t, const Source*>> found;
  auto is_key_char = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'; };
  auto add = [&](size_t at, const Source* s) {
    for (const auto& [pos, existing] : found)
      if (existing == s) return;
    found.emplace_back(at, s);
  };
  for (size_t i = 0; i < citation.size();) {
    if (!is_key_char(citation[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < citation.size() && is_key_char(citation[end])) ++end;
    std::string_view token = citation.substr(i, end - i);
    while (!token.empty() && token.back() == '-') token.remove_suffix(1);
    for (const Source& s : Sources())
      if (s.key == token) add(i, &s);
    if (token == "HWE") add(i, &Sources()[12]);  // the model constitution as HWE adopted it
    i = end;
  }
  // Statute written out in full ("NHS Act 2006 Sch 1B para 3").
  if (size_t at = citation.find("Sch 1B"); at != std::string_view::npos) add(at, &Sources()[0]);
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<const Source*> out;
  for (const auto& [pos, s] : found) out.push_back(s);
  return out;
}

}  // namespace ics::governance
