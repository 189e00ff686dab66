-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "sendWindowEnd" TEXT,
ADD COLUMN     "sendWindowStart" TEXT,
ADD COLUMN     "sendWindowTimeZone" TEXT;

-- CreateTable
CREATE TABLE "MessagingSettings" (
    "accountId" TEXT NOT NULL,
    "helpText" TEXT,
    "stopConfirmation" TEXT,
    "startConfirmation" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "MessagingSettings_pkey" PRIMARY KEY ("accountId")
);

-- CreateIndex
CREATE INDEX "Conversation_accountId_lastMessageAt_id_idx" ON "Conversation"("accountId", "lastMessageAt", "id");
