-- CreateEnum
CREATE TYPE "PhoneNumberStatus" AS ENUM ('ordering', 'pending_documents', 'active', 'releasing', 'released', 'failed');

-- CreateEnum
CREATE TYPE "PhoneNumberType" AS ENUM ('local', 'toll_free', 'mobile');

-- CreateEnum
CREATE TYPE "RequirementSubmissionStatus" AS ENUM ('pending', 'approved', 'rejected');

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeamMember" (
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TeamMember_pkey" PRIMARY KEY ("teamId","userId")
);

-- CreateTable
CREATE TABLE "PhoneNumber" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "phoneNumber" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "type" "PhoneNumberType" NOT NULL,
    "region" TEXT NOT NULL,
    "areaCode" TEXT,
    "capabilities" TEXT[],
    "monthlyPriceAmount" INTEGER NOT NULL,
    "setupPriceAmount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "status" "PhoneNumberStatus" NOT NULL,
    "carrier" TEXT NOT NULL,
    "carrierOrderId" TEXT,
    "failureReason" TEXT,
    "carrierCheckPending" BOOLEAN NOT NULL DEFAULT false,
    "friendlyName" TEXT,
    "description" TEXT,
    "tags" TEXT[],
    "voice" JSONB,
    "messaging" JSONB,
    "orderedAt" TIMESTAMPTZ(3) NOT NULL,
    "purchasedAt" TIMESTAMPTZ(3),
    "releaseAt" TIMESTAMPTZ(3),
    "releasedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PhoneNumber_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PhoneNumberUserShare" (
    "numberId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PhoneNumberUserShare_pkey" PRIMARY KEY ("numberId","userId")
);

-- CreateTable
CREATE TABLE "PhoneNumberTeamShare" (
    "numberId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PhoneNumberTeamShare_pkey" PRIMARY KEY ("numberId","teamId")
);

-- CreateTable
CREATE TABLE "RequirementSubmission" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "type" "PhoneNumberType" NOT NULL,
    "status" "RequirementSubmissionStatus" NOT NULL,
    "businessName" TEXT,
    "address" JSONB,
    "rejectionReason" TEXT,
    "reviewedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RequirementSubmission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RequirementDocument" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "submissionId" TEXT NOT NULL,
    "documentType" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RequirementDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxCarrierOrder" (
    "orderId" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "phoneNumber" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "failureReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxCarrierOrder_pkey" PRIMARY KEY ("orderId")
);

-- CreateTable
CREATE TABLE "SandboxCarrierNumber" (
    "phoneNumber" TEXT NOT NULL,
    "voiceConnectionId" TEXT,
    "messagingProfileId" TEXT,
    "soldAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxCarrierNumber_pkey" PRIMARY KEY ("phoneNumber")
);

-- CreateTable
CREATE TABLE "SandboxCarrierMessage" (
    "carrierMessageId" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "text" TEXT,
    "mediaUrls" TEXT[],
    "deliveryWebhookUrl" TEXT,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SandboxCarrierMessage_pkey" PRIMARY KEY ("carrierMessageId")
);

-- CreateIndex
CREATE INDEX "Team_accountId_id_idx" ON "Team"("accountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Team_accountId_name_key" ON "Team"("accountId", "name");

-- CreateIndex
CREATE INDEX "TeamMember_accountId_userId_idx" ON "TeamMember"("accountId", "userId");

-- CreateIndex
CREATE INDEX "PhoneNumber_accountId_id_idx" ON "PhoneNumber"("accountId", "id");

-- CreateIndex
CREATE INDEX "PhoneNumber_status_orderedAt_idx" ON "PhoneNumber"("status", "orderedAt");

-- CreateIndex
CREATE INDEX "PhoneNumber_status_releaseAt_idx" ON "PhoneNumber"("status", "releaseAt");

-- CreateIndex
CREATE INDEX "PhoneNumber_phoneNumber_idx" ON "PhoneNumber"("phoneNumber");

-- CreateIndex
CREATE INDEX "PhoneNumberUserShare_accountId_userId_idx" ON "PhoneNumberUserShare"("accountId", "userId");

-- CreateIndex
CREATE INDEX "PhoneNumberTeamShare_accountId_teamId_idx" ON "PhoneNumberTeamShare"("accountId", "teamId");

-- CreateIndex
CREATE INDEX "RequirementSubmission_accountId_id_idx" ON "RequirementSubmission"("accountId", "id");

-- CreateIndex
CREATE INDEX "RequirementSubmission_accountId_country_type_status_idx" ON "RequirementSubmission"("accountId", "country", "type", "status");

-- CreateIndex
CREATE INDEX "RequirementDocument_submissionId_idx" ON "RequirementDocument"("submissionId");

-- CreateIndex
CREATE UNIQUE INDEX "SandboxCarrierOrder_reference_key" ON "SandboxCarrierOrder"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "SandboxCarrierMessage_reference_key" ON "SandboxCarrierMessage"("reference");

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PhoneNumberUserShare" ADD CONSTRAINT "PhoneNumberUserShare_numberId_fkey" FOREIGN KEY ("numberId") REFERENCES "PhoneNumber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PhoneNumberUserShare" ADD CONSTRAINT "PhoneNumberUserShare_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PhoneNumberTeamShare" ADD CONSTRAINT "PhoneNumberTeamShare_numberId_fkey" FOREIGN KEY ("numberId") REFERENCES "PhoneNumber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PhoneNumberTeamShare" ADD CONSTRAINT "PhoneNumberTeamShare_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RequirementDocument" ADD CONSTRAINT "RequirementDocument_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "RequirementSubmission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written by hand (Prisma cannot express partial indexes): a number is held by at most one account at a time,
-- so two accounts racing to buy it get exactly one winner (released and failed rows do not hold it).
CREATE UNIQUE INDEX "PhoneNumber_held_phoneNumber_key" ON "PhoneNumber"("phoneNumber")
  WHERE "status" IN ('ordering', 'pending_documents', 'active', 'releasing');
